// Case clocks: when the running stage is due, and the traffic light at a given moment.
#pragma once

#include <optional>

#include "base/clock.h"
#include "base/working_calendar.h"
#include "modules/cases/case.h"

namespace civicgrid::cases {

// The light turns amber once this share of the allowed time is used.
inline constexpr int kAmberPercent = 80;

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

// Facts for the indicators (docs/evaluation.md), written on the event so that every figure can be
// recomputed from the events alone. A step that ends the running stage records the stage, its
// wall-clock duration, whether it ended after the deadline (counting it in overdue_count) and
// whether the case was ever suspended (挂账).
void RecordStageEnd(Case& c, CaseEvent& e, base::TimeMs now);
// The closing event records whether the case closed on time (no stage ended late).
void RecordClosure(const Case& c, CaseEvent& e);

}  // namespace civicgrid::cases
