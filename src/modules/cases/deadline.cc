#include "modules/cases/deadline.h"

namespace civicgrid::cases {
void StartClock(Case& c, catalog::Stage stage, const std::optional<base::Duration>& limit,
                base::TimeMs now, const base::WorkingCalendar& calendar) {
  if (!limit) {
    StopClock(c);
    return;
  }
  c.stage = stage;
  c.stage_started_at = now;
  c.deadline_working = base::IsWorkingTime(limit->unit);
  c.deadline_at = calendar.AddDuration(now, *limit);
  c.allowed_ms = calendar.ElapsedMs(now, c.deadline_at, c.deadline_working);
  c.paused_remaining_ms = 0;
}

void StopClock(Case& c) {
  c.stage.reset();
  c.stage_started_at = 0;
  c.deadline_at = 0;
  c.allowed_ms = 0;
  c.paused_remaining_ms = 0;
}

void PauseClock(Case& c, base::TimeMs now, const base::WorkingCalendar& calendar) {
  if (!c.stage) return;
  c.paused_remaining_ms = calendar.ElapsedMs(now, c.deadline_at, c.deadline_working);
}

void ResumeClock(Case& c, base::TimeMs now, const base::WorkingCalendar& calendar) {
  if (!c.stage) return;
  int64_t remaining = c.paused_remaining_ms;
  if (remaining > 0) {
    c.deadline_at = c.deadline_working ? calendar.AddWorkingMs(now, remaining) : now + remaining;
  } else {
    c.deadline_at = now + remaining;  // it was already overdue when suspended
  }
  c.paused_remaining_ms = 0;  // allowed_ms is kept: the suspension is not counted as used
}

void ExtendClock(Case& c, int hours, const base::WorkingCalendar& calendar) {
  if (!c.stage) return;
  base::Duration extra{
      hours, c.deadline_working ? base::DurationUnit::kWorkingHour : base::DurationUnit::kHour};
  base::TimeMs old_deadline = c.deadline_at;
  c.deadline_at = calendar.AddDuration(c.deadline_at, extra);
  c.allowed_ms += calendar.ElapsedMs(old_deadline, c.deadline_at, c.deadline_working);
}

ClockView ViewClock(const Case& c, base::TimeMs now, const base::WorkingCalendar& calendar) {
  ClockView view;
  if (!c.stage || !IsOpen(c.state)) return view;
  if (c.state == CaseState::kSuspended) {
    view.time_left_ms = c.paused_remaining_ms;
    return view;  // no light while the clock is stopped
  }
  int64_t total = c.allowed_ms;
  int64_t left = calendar.ElapsedMs(now, c.deadline_at, c.deadline_working);
  view.time_left_ms = left;
  if (now > c.deadline_at) {
    view.light = Light::kRed;
  } else if (total > 0 && (total - left) * 100 >= total * kAmberPercent) {
    view.light = Light::kAmber;
  } else {
    view.light = Light::kGreen;
  }
  return view;
}

void RecordStageEnd(Case& c, CaseEvent& e, base::TimeMs now) {
  if (!c.stage) return;
  const bool late = now > c.deadline_at;
  e.details["stage"] = catalog::StageName(*c.stage);
  e.details["stage_ms"] = std::to_string(now - c.stage_started_at);
  e.details["late"] = late ? "true" : "false";
  if (c.suspend_count > 0) e.details["suspended"] = "true";
  if (late) c.overdue_count++;
}

void RecordClosure(const Case& c, CaseEvent& e) {
  e.details["on_time"] = c.overdue_count == 0 ? "true" : "false";
  if (c.suspend_count > 0) e.details["suspended"] = "true";
}

}  // namespace civicgrid::cases
