// Supervision that runs by itself (督办): the scheduler's work on the case clocks. A case whose
// clock turns amber gets one warning (预警) per stage; a case whose handling clock ran out gets one
// automatic supervision notice (督办) per stage, an event by the system actor visible to the
// department and the centre; a case still overdue after a configurable time is escalated once per
// stage to the next level's centre. The lights themselves need no job: amber and red are computed
// from the clock whenever a case is read. Every act goes through CasesService::Act as the system
// actor, so it obeys the state table, writes an ordinary event and conflicts (and is retried next
// run) when someone acted meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "modules/areas/area_repository.h"
#include "modules/cases/case_repository.h"
#include "modules/cases/cases_service.h"

namespace civicgrid::cases {

struct SupervisionConfig {
  // Escalate a case overdue by more than this (wall-clock ms since its deadline).
  int64_t escalate_after_ms = int64_t{24} * 3600 * 1000;
  int batch = 200;  // cases per district and kind of act in one run
};

struct SupervisionRun {
  int warned = 0;
  int supervised = 0;
  int escalated = 0;
  int skipped = 0;  // changed by someone meanwhile, or no longer allowed: next run looks again
};

// Thread-compatible: one run at a time (the scheduler's leader).
class Supervisor {
 public:
  Supervisor(CasesService& cases, CaseRepository& repo, areas::AreaRepository& areas,
             const base::WorkingCalendar& calendar, const base::Clock& clock,
             SupervisionConfig config)
      : cases_(cases),
        repo_(repo),
        areas_(areas),
        calendar_(calendar),
        clock_(clock),
        config_(config) {}

  // One pass over every district (each query names its district: one partition at a time).
  [[nodiscard]] base::Result<SupervisionRun> RunOnce();

 private:
  // Takes `action` as the system on each case `prepare` fills the input for (and accepts).
  base::Status ActOn(const std::vector<Case>& found, const std::string& action,
                     const std::function<bool(const Case&, ActionInput&)>& prepare, int* done_count,
                     int* skipped);

  CasesService& cases_;
  CaseRepository& repo_;
  areas::AreaRepository& areas_;
  const base::WorkingCalendar& calendar_;
  const base::Clock& clock_;
  SupervisionConfig config_;
};

}  // namespace civicgrid::cases
