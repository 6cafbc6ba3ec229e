// The counters behind the indicators (docs/evaluation.md, modules/evaluation): each case event
// moves a few named counters of its local day, for the case's grid, community, street and
// district, for the department that has the case, and for the staff member who acted. They are
// written in the event's transaction, so that a dashboard sums a few rows per day instead of
// scanning cases, and they depend on nothing but the event and the case's fixed facts (area,
// channel) and its department at the time, so that a replay of the events rebuilds them exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/cases/case.h"

namespace civicgrid::cases {

struct StatDelta {
  int64_t day = 0;     // local day (days since 1970-01-01)
  std::string scope;   // AreaScope, DepartmentScope or PersonScope
  std::string metric;  // a counter name: reports, claims_on_time, stage_handle …
  int64_t n = 1;
  int64_t ms = 0;  // summed durations (stage_* counters), else 0
};

std::string AreaScope(const std::string& area_code);  // "a:<code>"
// The intake breakdown (counters channel_<channel> and category_<code>) of a street or district,
// apart from its other counters so that indicator sums do not read it: "i:<code>".
std::string IntakeScope(const std::string& area_code);
std::string DepartmentScope(int64_t department_id);  // "d:<id>"
std::string PersonScope(int64_t user_id);            // "p:<id>"

// What one event counts, before it is spread over its scopes: the counters with their durations,
// the department the event counts for, and the staff member who acted (0: a resident or the
// system, who are no persons of the evaluation).
struct EventStats {
  std::vector<std::pair<std::string, int64_t>> metrics;
  std::vector<std::string> intake;  // breakdown counters, for the intake scopes only
  std::optional<int64_t> department;
  int64_t person = 0;
};
EventStats StatsOf(const Case& c, std::optional<int64_t> department, const CaseEvent& e);

// The counters `e` moves. `c` supplies the fixed facts (area codes, channel, category);
// `department` is the case's primary department before the event; `day` the event's local day.
std::vector<StatDelta> StatsFor(const Case& c, std::optional<int64_t> department,
                                const CaseEvent& e, int64_t day);

// Replays the events of one case, oldest first, tracking its department: what a full
// recomputation from the events feeds StatsFor with.
class StatsReplay {
 public:
  explicit StatsReplay(const Case& facts) : facts_(facts) {}
  std::vector<StatDelta> Next(const CaseEvent& e, int64_t day);
  // The same, before spreading over the scopes (the four area scopes are the case's).
  EventStats NextStats(const CaseEvent& e);

 private:
  const Case& facts_;
  std::optional<int64_t> department_;
};

}  // namespace civicgrid::cases
