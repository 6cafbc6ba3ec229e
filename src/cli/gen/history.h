// Case histories for `civicgrid gen`: each case walks the real workflow (report, register,
// dispatch, claim, handle, verify, close, rate) with durations drawn from realistic
// distributions, and some of them are self-handled, rejected, merged, returned, extended,
// suspended, overdue and supervised, reworked after a failed verification, or rated
// unsatisfied. A case whose next step would fall after the end of the history stays open in the
// state it reached, with its clock running. Case `i` depends only on the seed and `i`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/working_calendar.h"
#include "modules/catalog/catalog.h"
#include "storage/sql/bulk_loader.h"

namespace civicgrid::cli::gen {

// Who works where, by user id.
struct GridStaff {
  std::string grid_code;
  double lng = 0, lat = 0;  // the grid's centre
  double half_size = 0;     // half the grid's side, degrees
  int64_t inspector_id = 0;
  std::string inspector_name;
  int64_t first_resident_id = 0;  // residents: first_resident_id … + resident_count − 1
  int resident_count = 0;
};
struct StreetStaff {
  int64_t dispatcher_id = 0;
  std::string dispatcher_name;
};

struct HistoryInputs {
  std::vector<GridStaff> grids;
  std::unordered_map<std::string, StreetStaff> streets;                   // by street code
  std::unordered_map<int64_t, std::pair<int64_t, std::string>> handlers;  // department → user
  int64_t fallback_department_id = 0;                                     // when no rule matches
  std::vector<catalog::Category> types;  // level-2 categories to draw from
  std::vector<catalog::TimeLimitRule> time_limits;
  std::vector<catalog::ResponsibilityRule> rules;
  const base::WorkingCalendar* calendar = nullptr;
  base::TimeMs start = 0;  // the history covers [start, until)
  base::TimeMs until = 0;
  int64_t total_cases = 0;
  uint64_t seed = 1;
};

class HistoryGenerator {
 public:
  explicit HistoryGenerator(HistoryInputs in);

  // Case number `index` (0-based) with database id `id`; the number is left empty.
  storage::sql::CaseHistory Make(int64_t index, int64_t id);

 private:
  std::optional<base::Duration> Limit(const catalog::Category& type, catalog::Urgency urgency,
                                      catalog::Stage stage);
  int64_t Department(const catalog::Category& type, const std::string& grid_code,
                     const std::string& street_code);

  HistoryInputs in_;
  std::map<std::tuple<int, catalog::Urgency, catalog::Stage>, std::optional<base::Duration>>
      limits_;                                            // by type index
  std::unordered_map<std::string, int64_t> departments_;  // "street|kind|code" → department
};

}  // namespace civicgrid::cli::gen
