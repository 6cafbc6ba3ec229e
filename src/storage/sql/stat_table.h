// The indicators' counters in SQL (migration 009): `stat_totals`, one row per district, scope,
// span (a local day or a calendar month) and first day, with a column per counter; and
// `intake_totals`, the open-ended intake breakdown of the "i:" scopes, one row per counter.
// Every writer (the events' transactions, `civicgrid gen`, the rebuild) adds through WriteStats,
// so a month row is always the sum of its day rows.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "modules/evaluation/indicators.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

inline constexpr size_t kStatColumns = 48;
using StatValues = std::array<int64_t, kStatColumns>;

// The column names, in table order.
const std::array<const char*, kStatColumns>& StatColumnNames();
// The columns of counter `metric`: its count and, for the stage_* counters, its summed duration
// (else -1); nullopt for a name without a column.
std::optional<std::pair<int, int>> StatColumnsOf(std::string_view metric);
// Adds a counter to `v`; a name without a column is a programming error (DbError).
void AddCounter(StatValues& v, std::string_view metric, int64_t n, int64_t ms);
// The counters of a row, as the evaluation reads them (zero counters left out).
void AddToCounters(const StatValues& v, evaluation::Counters& out);

enum class Span { kDay, kMonth };
const char* SpanName(Span span);

struct StatRow {
  std::string district;
  std::string scope;
  Span span = Span::kDay;
  int64_t start = 0;
  StatValues values{};
};
struct IntakeRow {
  std::string district;
  std::string scope;
  Span span = Span::kDay;
  int64_t start = 0;
  std::string metric;
  int64_t n = 0;
};
struct StatRows {
  std::vector<StatRow> totals;
  std::vector<IntakeRow> intake;
  bool empty() const { return totals.empty() && intake.empty(); }
};

// Inside a write: adds the rows to the stored ones (upsert).
void WriteStats(Db& db, const StatRows& rows);
// Runs `totals_sql` once per totals row with (district, scope, span, start, every counter in
// table order) and `intake_sql` once per intake row with (district, scope, span, start, metric,
// n): WriteStats's upserts, or the bulk loader's staging inserts.
void RunForStats(Db& db, const StatRows& rows, const std::string& totals_sql,
                 const std::string& intake_sql);

// Counters added one at a time (the events of a transaction, a rebuild), as the day rows and the
// month rows that hold them. Scopes starting "i:" are intake scopes.
class StatSums {
 public:
  void Add(const std::string& district, const std::string& scope, int64_t day,
           std::string_view metric, int64_t n, int64_t ms);
  StatRows Rows() const;

 private:
  using Key = std::tuple<std::string, std::string, Span, int64_t>;  // district, scope, span, start
  std::map<Key, StatValues> totals_;
  std::map<std::pair<Key, std::string>, int64_t> intake_;
};

}  // namespace civicgrid::storage::sql
