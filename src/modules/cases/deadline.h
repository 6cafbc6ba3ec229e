// Case clocks: when the running stage is due, and the traffic light at a given moment.
#pragma once

#include <optional>

#include "base/clock.h"
#include "base/working_calendar.h"
#include "modules/cases/case.h"

namespace civicgrid::cases {

// Starts the clock of `stage` on `c` at `now` with `limit` (nullopt: no time limit applies, so
// the case carries no deadline for this stage).
void StartClock(Case& c, catalog::Stage stage, const std::optional<base::Duration>& limit,
                base::TimeMs now, const base::WorkingCalendar& calendar);

// Stops the clock (terminal states, or stages without a limit).
void StopClock(Case& c);

// Suspension keeps what was left of the clock; resumption restarts it with that remainder.
void PauseClock(Case& c, base::TimeMs now, const base::WorkingCalendar& calendar);
void ResumeClock(Case& c, base::TimeMs now, const base::WorkingCalendar& calendar);

// An approved extension moves the deadline by `hours` (working hours when the clock is working).
void ExtendClock(Case& c, int hours, const base::WorkingCalendar& calendar);

struct ClockView {
  Light light = Light::kNone;
  std::optional<int64_t> time_left_ms;  // negative when overdue; working ms for working clocks
};

// Green until 80% of the allowed time is used, amber until the deadline, red after it.
ClockView ViewClock(const Case& c, base::TimeMs now, const base::WorkingCalendar& calendar);

}  // namespace civicgrid::cases
