// Who hears of a step of the closed loop: the notices (in-app notifications) an event causes,
// written by the repository in the same transaction as the event. Each goes to whoever must act
// next (the centre for a new or returned case, the department for a task, the grid's inspectors
// for a verification, the reporter for the callback) or must know (supervision, escalation).
#pragma once

#include <string>
#include <vector>

#include "modules/cases/case.h"

namespace civicgrid::cases {

struct Notice {
  std::string audience;  // access/audience.h
  std::string kind;      // new_case, task, returned, …: the UI's icon and filter
  std::string text;      // Simplified Chinese, without the case number (shown beside it)
};

// The centre that owns the case at its level (street dispatchers, a community's workers, the
// district centre).
std::string CentreAudience(const Case& c);

// The notices for `event`, which moved the case to `after`.
std::vector<Notice> NoticesFor(const Case& after, const CaseEvent& event);

}  // namespace civicgrid::cases
