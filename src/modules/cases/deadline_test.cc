#include "modules/cases/deadline.h"

#include <gtest/gtest.h>

namespace civicgrid::cases {
namespace {

using base::Duration;
using base::DurationUnit;
using catalog::Stage;

constexpr int64_t kMinute = 60'000;

class DeadlineTest : public ::testing::Test {
 protected:
  base::WorkingCalendar calendar_;  // Mon–Fri 09–12, 13–18, no holidays
  Case c_;
  void SetUp() override { c_.state = CaseState::kInProgress; }
};

TEST_F(DeadlineTest, LightTurnsAmberAtEightyPercentAndRedWhenOverdue) {
  // Thursday 2026-11-26 09:00 + 20 working minutes → 09:20.
  base::TimeMs start = calendar_.LocalTime(2026, 11, 26, 9, 0);
  StartClock(c_, Stage::kClaim, Duration{20, DurationUnit::kWorkingMinute}, start, calendar_);
  EXPECT_EQ(c_.deadline_at, calendar_.LocalTime(2026, 11, 26, 9, 20));
  struct Row {
    int minute;
    Light light;
  };
  for (const auto& row : std::vector<Row>{{0, Light::kGreen},
                                          {15, Light::kGreen},
                                          {16, Light::kAmber},
                                          {20, Light::kAmber},
                                          {21, Light::kRed}}) {
    auto view = ViewClock(c_, start + row.minute * kMinute, calendar_);
    EXPECT_EQ(view.light, row.light) << row.minute;
  }
  EXPECT_EQ(*ViewClock(c_, start + 25 * kMinute, calendar_).time_left_ms, -5 * kMinute);
}

TEST_F(DeadlineTest, SuspensionStopsTheClockAndResumeKeepsTheRemainder) {
  base::TimeMs start = calendar_.LocalTime(2026, 11, 26, 9, 0);
  StartClock(c_, Stage::kHandle, Duration{4, DurationUnit::kWorkingHour}, start, calendar_);
  EXPECT_EQ(c_.deadline_at, calendar_.LocalTime(2026, 11, 26, 14, 0));
  // Suspended at 10:00 with 3 working hours left; resumed Monday 2026-11-30 09:00.
  PauseClock(c_, calendar_.LocalTime(2026, 11, 26, 10, 0), calendar_);
  c_.state = CaseState::kSuspended;
  EXPECT_EQ(ViewClock(c_, calendar_.LocalTime(2026, 11, 27, 10, 0), calendar_).light, Light::kNone);
  c_.state = CaseState::kInProgress;
  ResumeClock(c_, calendar_.LocalTime(2026, 11, 30, 9, 0), calendar_);
  EXPECT_EQ(c_.deadline_at, calendar_.LocalTime(2026, 11, 30, 12, 0));
  EXPECT_EQ(ViewClock(c_, calendar_.LocalTime(2026, 11, 30, 9, 30), calendar_).light,
            Light::kGreen);
}

TEST_F(DeadlineTest, ResumeOutsideWorkingHoursKeepsSecondsInWorkingTime) {
  // Suspended with 30 seconds left, resumed on Friday evening: due Monday 09:00:30.
  base::TimeMs start = calendar_.LocalTime(2026, 11, 27, 9, 0);
  StartClock(c_, Stage::kClaim, Duration{20, DurationUnit::kWorkingMinute}, start, calendar_);
  PauseClock(c_, c_.deadline_at - 30'000, calendar_);
  EXPECT_EQ(c_.paused_remaining_ms, 30'000);
  ResumeClock(c_, calendar_.LocalTime(2026, 11, 27, 20, 0), calendar_);
  EXPECT_EQ(c_.deadline_at, calendar_.LocalTime(2026, 11, 30, 9, 0) + 30'000);
}

TEST_F(DeadlineTest, ExtensionMovesTheDeadlineInWorkingHours) {
  base::TimeMs start = calendar_.LocalTime(2026, 11, 27, 16, 0);  // Friday
  StartClock(c_, Stage::kHandle, Duration{1, DurationUnit::kWorkingHour}, start, calendar_);
  ExtendClock(c_, 2, calendar_);
  EXPECT_EQ(c_.deadline_at, calendar_.LocalTime(2026, 11, 30, 10, 0));  // Monday
}

TEST_F(DeadlineTest, UrgentClocksRunOnCalendarTime) {
  base::TimeMs start = calendar_.LocalTime(2026, 11, 28, 22, 0);  // Saturday night
  StartClock(c_, Stage::kHandle, Duration{2, DurationUnit::kHour}, start, calendar_);
  EXPECT_FALSE(c_.deadline_working);
  EXPECT_EQ(c_.deadline_at, start + 120 * kMinute);
  EXPECT_EQ(ViewClock(c_, start + 121 * kMinute, calendar_).light, Light::kRed);
}

TEST_F(DeadlineTest, NoLimitMeansNoLight) {
  StartClock(c_, Stage::kRegister, std::nullopt, 0, calendar_);
  EXPECT_EQ(ViewClock(c_, 1, calendar_).light, Light::kNone);
}

}  // namespace
}  // namespace civicgrid::cases
