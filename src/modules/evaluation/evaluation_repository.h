// Storage interface of the evaluation: sums of the daily counters and the leaders' entries;
// implemented in storage/. Queries name the district (the partition key).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "base/working_calendar.h"
#include "modules/evaluation/indicators.h"

namespace civicgrid::evaluation {

// A leader's rating (leader_rating), a community's rating of a department (community_rating,
// 0–100), or bonus/penalty points (bonus, penalty) with the reason, for a subject and period.
struct Entry {
  int64_t id = 0;
  std::string district_code;
  std::string scope;  // cases/case_stats.h scopes: "a:<area>", "d:<department>"
  std::string kind;
  int64_t first_day = 0;
  int64_t last_day = 0;
  double points = 0;
  std::string reason;
  int64_t by_user = 0;
  base::TimeMs created_at = 0;
};

// Implementations are thread-safe.
class EvaluationRepository {
 public:
  virtual ~EvaluationRepository() = default;
  // Each scope's counters summed over the local days [first_day, last_day].
  [[nodiscard]] virtual base::Result<std::map<std::string, Counters>> Sum(
      const std::string& district_code, const std::vector<std::string>& scopes, int64_t first_day,
      int64_t last_day) = 0;
  // One scope's counters per day (only days with events).
  [[nodiscard]] virtual base::Result<std::map<int64_t, Counters>> Daily(
      const std::string& district_code, const std::string& scope, int64_t first_day,
      int64_t last_day) = 0;
  [[nodiscard]] virtual base::Result<Entry> AddEntry(Entry entry) = 0;
  // Entries of the scopes whose period overlaps [first_day, last_day].
  [[nodiscard]] virtual base::Result<std::vector<Entry>> ListEntries(
      const std::string& district_code, const std::vector<std::string>& scopes, int64_t first_day,
      int64_t last_day) = 0;
  // Recomputes every counter from the case events (cases/case_stats.h StatsReplay), replacing
  // what is stored; returns the number of events read.
  [[nodiscard]] virtual base::Result<int64_t> Rebuild(const base::WorkingCalendar& calendar) = 0;
};

}  // namespace civicgrid::evaluation
