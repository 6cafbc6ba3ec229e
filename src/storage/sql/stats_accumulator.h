// The indicators' counters of many case histories summed in memory, for the bulk loader of
// `civicgrid gen`: what the write path adds per event (cases/case_stats.h), at tens of millions
// of events. Scopes and counter names are interned to small numbers; area counters are kept per
// grid and rolled up to the community, street and district when a day is written.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/working_calendar.h"
#include "modules/cases/case.h"
#include "storage/sql/db.h"
#include "storage/sql/stat_table.h"

namespace civicgrid::storage::sql {

// Thread-compatible: one thread at a time.
class StatsAccumulator {
 public:
  // Adds the counters of one case's events, oldest first.
  void Add(const cases::Case& c, const std::vector<cases::CaseEvent>& events,
           const base::WorkingCalendar& calendar);
  // The held counters of the days before `before_day` as day rows (a grid's also for its
  // community, street and district), and of the months that ended before it as month rows,
  // forgotten here.
  StatRows Take(int64_t before_day);

 private:
  struct Scope {
    std::string district;
    std::string key;                  // "a:<code>", "d:<id>", "p:<id>"
    std::array<uint32_t, 3> parents;  // a grid's community, street and district scopes
    std::array<uint32_t, 2> intake;   // a grid's street and district intake scopes
    bool grid = false;
  };
  uint32_t Intern(const std::string& district, std::string key);
  uint32_t GridScope(const cases::Case& c);
  uint32_t Subject(const std::string& district, char kind, int64_t id);
  uint16_t Metric(const std::string& name);
  void Emit(const std::unordered_map<uint64_t, std::pair<int64_t, int64_t>>& counters, Span span,
            int64_t start, StatRows& out) const;

  std::vector<Scope> scopes_;
  std::unordered_map<std::string, uint32_t> scope_ids_;    // district \t key → index
  std::unordered_map<std::string, uint32_t> subject_ids_;  // district \t kind id → index
  std::vector<std::string> metrics_;
  std::vector<std::optional<std::pair<int, int>>> metric_columns_;  // nullopt: an intake counter
  std::unordered_map<std::string, uint16_t> metric_ids_;
  // day → (scope << 16 | metric) → (n, ms)
  std::map<int64_t, std::unordered_map<uint64_t, std::pair<int64_t, int64_t>>> days_;
  // month's first day → the same, for the days taken
  std::map<int64_t, std::unordered_map<uint64_t, std::pair<int64_t, int64_t>>> months_;
};

}  // namespace civicgrid::storage::sql
