#include "storage/sql/stat_table.h"

#include <unordered_map>

#include "base/working_calendar.h"

namespace civicgrid::storage::sql {
namespace {

// Migration 009's columns after (district_code, scope, span, start), in order. The last four
// hold the summed durations of the four stage_* counters.
constexpr std::array<const char*, kStatColumns> kNames = {"reports",
                                                          "public_reports",
                                                          "registrations",
                                                          "registrations_on_time",
                                                          "self_handled",
                                                          "closures",
                                                          "closures_counted",
                                                          "closures_on_time",
                                                          "rejections",
                                                          "merges",
                                                          "dispatches",
                                                          "returns",
                                                          "claims",
                                                          "claims_on_time",
                                                          "hl_claims",
                                                          "hl_claims_on_time",
                                                          "handled",
                                                          "handled_counted",
                                                          "handled_on_time",
                                                          "verified_pass",
                                                          "verified_fail",
                                                          "extensions",
                                                          "suspensions",
                                                          "supervisions",
                                                          "overdue",
                                                          "warnings",
                                                          "escalations",
                                                          "rated",
                                                          "satisfied",
                                                          "basically_satisfied",
                                                          "unsatisfied",
                                                          "solved",
                                                          "reopened",
                                                          "hl_rated",
                                                          "hl_solved",
                                                          "hl_satisfied",
                                                          "stage_register",
                                                          "stage_claim",
                                                          "stage_handle",
                                                          "stage_verify",
                                                          "late_register",
                                                          "late_claim",
                                                          "late_handle",
                                                          "late_verify",
                                                          "stage_register_ms",
                                                          "stage_claim_ms",
                                                          "stage_handle_ms",
                                                          "stage_verify_ms"};
constexpr size_t kDurations = 4;

const std::unordered_map<std::string_view, std::pair<int, int>>& Index() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, std::pair<int, int>>();
    for (size_t i = 0; i < kStatColumns - kDurations; ++i) (*m)[kNames[i]] = {int(i), -1};
    for (size_t i = kStatColumns - kDurations; i < kStatColumns; ++i) {
      std::string_view ms = kNames[i];
      ms.remove_suffix(3);  // "_ms"
      (*m)[ms].second = int(i);
    }
    return m;
  }();
  return *index;
}

std::string UpsertTotalsSql() {
  std::string cols = "district_code, scope, span, start";
  std::string values = "?,?,?,?";
  std::string set;
  for (const char* name : kNames) {
    cols += ", ";
    cols += name;
    values += ",?";
    set += set.empty() ? "" : ", ";
    set += std::string(name) + " = stat_totals." + name + " + excluded." + name;
  }
  return "INSERT INTO stat_totals (" + cols + ") VALUES (" + values +
         ") ON CONFLICT (district_code, scope, span, start) DO UPDATE SET " + set;
}

}  // namespace

const std::array<const char*, kStatColumns>& StatColumnNames() { return kNames; }

std::optional<std::pair<int, int>> StatColumnsOf(std::string_view metric) {
  auto it = Index().find(metric);
  if (it == Index().end()) return std::nullopt;
  return it->second;
}

void AddCounter(StatValues& v, std::string_view metric, int64_t n, int64_t ms) {
  auto cols = StatColumnsOf(metric);
  if (!cols)
    throw DbError(base::Code::kInternal,
                  "no stat_totals column for counter " + std::string(metric));
  v[cols->first] += n;
  if (cols->second >= 0) v[cols->second] += ms;
}

void AddToCounters(const StatValues& v, evaluation::Counters& out) {
  for (size_t i = 0; i < kStatColumns - kDurations; ++i) {
    if (v[i] == 0) continue;
    auto& c = out[kNames[i]];
    c.n += v[i];
    if (auto cols = StatColumnsOf(kNames[i]); cols && cols->second >= 0) c.ms += v[cols->second];
  }
}

const char* SpanName(Span span) { return span == Span::kDay ? "day" : "month"; }

void WriteStats(Db& db, const StatRows& rows) {
  RunForStats(db, rows, UpsertTotalsSql(),
              "INSERT INTO intake_totals (district_code, scope, span, start, metric, n) VALUES "
              "(?,?,?,?,?,?) ON CONFLICT (district_code, scope, span, start, metric) DO UPDATE SET "
              "n = intake_totals.n + excluded.n");
}

void RunForStats(Db& db, const StatRows& rows, const std::string& totals_sql,
                 const std::string& intake_sql) {
  if (!rows.totals.empty()) {
    Stmt s(db, totals_sql);
    for (const auto& r : rows.totals) {
      s.Reset();
      Binder b(s, 1);
      b(r.district)(r.scope)(SpanName(r.span))(r.start);
      for (int64_t v : r.values) b(v);
      s.Run();
    }
  }
  if (!rows.intake.empty()) {
    Stmt s(db, intake_sql);
    for (const auto& r : rows.intake) {
      s.Reset();
      Binder(s, 1)(r.district)(r.scope)(SpanName(r.span))(r.start)(r.metric)(r.n);
      s.Run();
    }
  }
}

void StatSums::Add(const std::string& district, const std::string& scope, int64_t day,
                   std::string_view metric, int64_t n, int64_t ms) {
  const bool intake = scope.rfind("i:", 0) == 0;
  for (auto [span, start] : {std::pair{Span::kDay, day}, {Span::kMonth, base::MonthStart(day)}}) {
    Key key{district, scope, span, start};
    if (intake) {
      intake_[{std::move(key), std::string(metric)}] += n;
    } else {
      AddCounter(totals_[std::move(key)], metric, n, ms);
    }
  }
}

StatRows StatSums::Rows() const {
  StatRows out;
  out.totals.reserve(totals_.size());
  for (const auto& [key, values] : totals_) {
    const auto& [district, scope, span, start] = key;
    out.totals.push_back({district, scope, span, start, values});
  }
  out.intake.reserve(intake_.size());
  for (const auto& [key, n] : intake_) {
    const auto& [district, scope, span, start] = key.first;
    out.intake.push_back({district, scope, span, start, key.second, n});
  }
  return out;
}

}  // namespace civicgrid::storage::sql
