#include "base/working_calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace civicgrid::base {
namespace {

constexpr int64_t kMinuteMs = 60'000;

// Local (UTC+8) date-time as UTC epoch ms.
TimeMs At(int y, int m, int d, int hh, int mm) {
  return WorkingCalendar().LocalTime(y, m, d, hh, mm);
}

// The shipped holidays; tests run with the project root as working directory.
Result<WorkingCalendar> LoadReal() {
  std::ifstream in("data/holidays-cn.csv", std::ios::binary);
  if (!in) return NotFound("data/holidays-cn.csv (run from the project root)");
  std::stringstream text;
  text << in.rdbuf();
  return WorkingCalendar::FromCsv(CalendarConfig{}, text.str());
}

TEST(WorkingCalendarTest, LocalTimeAndDays) {
  const WorkingCalendar cal;
  EXPECT_EQ(cal.LocalTime(2026, 1, 1, 0, 0), 1767196800000);  // 2025-12-31T16:00:00Z
  EXPECT_EQ(cal.LocalDay(At(2026, 1, 1, 0, 0)), DaysFromCivil(2026, 1, 1));
  EXPECT_EQ(cal.LocalDay(At(2025, 12, 31, 23, 59)), DaysFromCivil(2025, 12, 31));
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(ParseIsoDate("1969-12-31"), -1);
  EXPECT_EQ(ParseIsoDate("2026-02-14"), DaysFromCivil(2026, 2, 14));
  EXPECT_FALSE(ParseIsoDate("2026-02-30"));
  EXPECT_FALSE(ParseIsoDate("2026-2-14"));
  EXPECT_FALSE(ParseIsoDate("2026/02/14"));
  EXPECT_EQ(MonthStart(DaysFromCivil(2026, 2, 28)), DaysFromCivil(2026, 2, 1));
  EXPECT_EQ(MonthStart(DaysFromCivil(2026, 3, 1)), DaysFromCivil(2026, 3, 1));
  EXPECT_EQ(NextMonthStart(DaysFromCivil(2025, 12, 31)), DaysFromCivil(2026, 1, 1));
  EXPECT_EQ(NextMonthStart(DaysFromCivil(2024, 2, 1)), DaysFromCivil(2024, 3, 1));
  EXPECT_EQ(MonthStart(-1), DaysFromCivil(1969, 12, 1));
  CalendarConfig utc;
  utc.utc_offset_minutes = 0;
  EXPECT_EQ(WorkingCalendar(utc, {}).LocalDay(-1), -1);
}

TEST(WorkingCalendarTest, RealCsvLoads) {
  auto cal = LoadReal();
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  EXPECT_EQ(cal->Overrides().size(), 255u);
  EXPECT_TRUE(cal->IsWorkingDay(DaysFromCivil(2026, 2, 13)));   // Friday
  EXPECT_TRUE(cal->IsWorkingDay(DaysFromCivil(2026, 2, 14)));   // make-up Saturday
  EXPECT_FALSE(cal->IsWorkingDay(DaysFromCivil(2026, 2, 16)));  // Spring Festival
  EXPECT_TRUE(cal->IsWorkingDay(DaysFromCivil(2026, 2, 28)));   // make-up Saturday
  EXPECT_FALSE(cal->IsWorkingDay(DaysFromCivil(2026, 3, 1)));   // plain Sunday
  EXPECT_TRUE(cal->IsWorkingDay(DaysFromCivil(2026, 10, 10)));  // make-up Saturday
  EXPECT_TRUE(cal->IsWithinWorkingHours(At(2026, 3, 3, 9, 0)));
  EXPECT_FALSE(cal->IsWithinWorkingHours(At(2026, 3, 3, 12, 0)));
  EXPECT_FALSE(cal->IsWithinWorkingHours(At(2026, 2, 16, 10, 0)));
  EXPECT_EQ(cal->WorkingMinutesPerDay(), 480);
  // 248 working days in each of 2025 and 2026, by the State Council notices.
  EXPECT_EQ(cal->WorkingMinutesBetween(At(2025, 1, 1, 0, 0), At(2026, 1, 1, 0, 0)), 248 * 480);
  EXPECT_EQ(cal->WorkingMinutesBetween(At(2026, 1, 1, 0, 0), At(2027, 1, 1, 0, 0)), 248 * 480);
}

struct AddCase {
  const char* name;
  TimeMs start;
  int64_t minutes;
  TimeMs expected;
};

TEST(WorkingCalendarTest, AddWorkingMinutesAndRoundTrip) {
  auto cal = LoadReal();
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  const std::vector<AddCase> cases = {
      {"inside morning", At(2026, 3, 3, 9, 30), 60, At(2026, 3, 3, 10, 30)},
      {"across lunch", At(2026, 3, 3, 11, 50), 20, At(2026, 3, 3, 13, 10)},
      {"ends at period end", At(2026, 3, 3, 11, 50), 10, At(2026, 3, 3, 12, 0)},
      {"during lunch", At(2026, 3, 3, 12, 30), 10, At(2026, 3, 3, 13, 10)},
      {"before 09:00", At(2026, 3, 3, 7, 0), 30, At(2026, 3, 3, 9, 30)},
      {"after 18:00", At(2026, 3, 3, 19, 0), 30, At(2026, 3, 4, 9, 30)},
      {"whole day", At(2026, 3, 3, 9, 0), 480, At(2026, 3, 3, 18, 0)},
      {"whole week", At(2026, 3, 2, 9, 0), int64_t{5} * 480, At(2026, 3, 6, 18, 0)},
      {"Friday evening to Monday", At(2026, 3, 6, 17, 45), 30, At(2026, 3, 9, 9, 15)},
      {"weekend start", At(2026, 3, 7, 10, 0), 30, At(2026, 3, 9, 9, 30)},
      {"zero outside working time", At(2026, 3, 7, 10, 0), 0, At(2026, 3, 7, 10, 0)},
      {"Friday into make-up Saturday", At(2026, 2, 13, 17, 50), 20, At(2026, 2, 14, 9, 10)},
      {"make-up Saturday over Spring Festival", At(2026, 2, 14, 17, 30), 60,
       At(2026, 2, 24, 9, 30)},
      {"Friday into 2026-02-28 make-up", At(2026, 2, 27, 17, 30), 60, At(2026, 2, 28, 9, 30)},
      {"over National Day", At(2026, 9, 30, 17, 0), 120, At(2026, 10, 8, 10, 0)},
      {"into 2026-10-10 make-up", At(2026, 10, 9, 17, 0), 120, At(2026, 10, 10, 10, 0)},
      {"make-up Saturday to Monday", At(2026, 10, 10, 17, 0), 120, At(2026, 10, 12, 10, 0)},
      {"over Mid-Autumn Friday", At(2026, 9, 24, 17, 0), 120, At(2026, 9, 28, 10, 0)},
      {"over New Year to make-up Sunday", At(2025, 12, 31, 17, 0), 120, At(2026, 1, 4, 10, 0)},
  };
  for (const AddCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(cal->AddWorkingMinutes(c.start, c.minutes), c.expected);
    EXPECT_EQ(cal->WorkingMinutesBetween(c.start, c.expected), c.minutes);
    EXPECT_EQ(cal->WorkingMinutesBetween(c.expected, c.start), -c.minutes);
    EXPECT_EQ(cal->AddDuration(c.start, {c.minutes, DurationUnit::kWorkingMinute}), c.expected);
  }
}

TEST(WorkingCalendarTest, MillisecondExactness) {
  const WorkingCalendar cal;
  const TimeMs start = At(2026, 3, 3, 9, 0) + 30'000;
  EXPECT_EQ(cal.AddWorkingMinutes(start, 1), start + kMinuteMs);
  EXPECT_EQ(cal.AddWorkingMs(At(2026, 3, 3, 11, 59) + 59'500, 750), At(2026, 3, 3, 13, 0) + 250);
  EXPECT_EQ(cal.WorkingMsBetween(At(2026, 3, 3, 11, 59) + 59'500, At(2026, 3, 3, 13, 0) + 250),
            750);
  EXPECT_EQ(cal.WorkingMinutesBetween(start, start + 90'000), 1);  // truncated
  EXPECT_EQ(cal.WorkingMinutesBetween(start + 90'000, start), -1);
}

TEST(WorkingCalendarTest, BetweenMatchesMinuteByMinuteCount) {
  auto cal = LoadReal();
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  uint64_t seed = 42;
  auto next = [&seed](uint64_t bound) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    return static_cast<int64_t>((seed >> 33) % bound);
  };
  const TimeMs base = At(2026, 1, 20, 0, 0);
  for (int i = 0; i < 12; ++i) {
    const TimeMs a = base + next(uint64_t{270} * 24 * 60) * kMinuteMs;
    const TimeMs b = a + next(uint64_t{15} * 24 * 60) * kMinuteMs;
    int64_t expected = 0;
    for (TimeMs t = a; t < b; t += kMinuteMs) expected += cal->IsWithinWorkingHours(t) ? 1 : 0;
    EXPECT_EQ(cal->WorkingMinutesBetween(a, b), expected) << "a=" << a << " b=" << b;
    const TimeMs end = cal->AddWorkingMinutes(a, expected);
    EXPECT_LE(end, b);
    EXPECT_EQ(cal->WorkingMinutesBetween(a, end), expected);
  }
}

struct DurationCase {
  const char* name;
  TimeMs start;
  Duration duration;
  TimeMs expected;
};

TEST(WorkingCalendarTest, AddDuration) {
  auto cal = LoadReal();
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  const std::vector<DurationCase> cases = {
      {"working_day from 09:00 ends 18:00",
       At(2026, 3, 3, 9, 0),
       {1, DurationUnit::kWorkingDay},
       At(2026, 3, 3, 18, 0)},
      {"working_day from 10:00",
       At(2026, 3, 3, 10, 0),
       {1, DurationUnit::kWorkingDay},
       At(2026, 3, 4, 10, 0)},
      {"5 working_day over a weekend",
       At(2026, 3, 6, 14, 0),
       {5, DurationUnit::kWorkingDay},
       At(2026, 3, 13, 14, 0)},
      {"2 working_day over Spring Festival",
       At(2026, 2, 13, 10, 0),
       {2, DurationUnit::kWorkingDay},
       At(2026, 2, 24, 10, 0)},
      {"4 working_hour across lunch",
       At(2026, 3, 3, 11, 0),
       {4, DurationUnit::kWorkingHour},
       At(2026, 3, 3, 16, 0)},
      {"working_hour at day end",
       At(2026, 3, 3, 17, 0),
       {1, DurationUnit::kWorkingHour},
       At(2026, 3, 3, 18, 0)},
      {"minute at night",
       At(2026, 3, 6, 23, 0),
       {10, DurationUnit::kMinute},
       At(2026, 3, 6, 23, 10)},
      {"hour over midnight", At(2026, 3, 6, 23, 0), {2, DurationUnit::kHour}, At(2026, 3, 7, 1, 0)},
      {"day ignores holidays",
       At(2026, 2, 14, 10, 0),
       {1, DurationUnit::kDay},
       At(2026, 2, 15, 10, 0)},
      {"negative working amount",
       At(2026, 3, 3, 10, 0),
       {-3, DurationUnit::kWorkingDay},
       At(2026, 3, 3, 10, 0)},
      {"wall time overflow saturates",
       At(2026, 3, 3, 10, 0),
       {std::numeric_limits<int64_t>::max() / 2, DurationUnit::kDay},
       kFarFuture},
  };
  for (const DurationCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(cal->AddDuration(c.start, c.duration), c.expected);
  }
  const TimeMs a = At(2026, 2, 13, 17, 0);
  const TimeMs b = At(2026, 2, 24, 10, 0);
  EXPECT_EQ(cal->ElapsedMs(a, b, /*working=*/true), (60 + 480 + 60) * kMinuteMs);
  EXPECT_EQ(cal->ElapsedMs(a, b, /*working=*/false), b - a);
}

TEST(WorkingCalendarTest, DurationUnits) {
  for (const char* token :
       {"working_minute", "working_hour", "working_day", "minute", "hour", "day"}) {
    const std::optional<DurationUnit> unit = ParseDurationUnit(token);
    ASSERT_TRUE(unit.has_value()) << token;
    EXPECT_STREQ(DurationUnitName(*unit), token);
    EXPECT_EQ(IsWorkingTime(*unit), std::string_view(token).starts_with("working_"));
  }
  for (const char* token : {"", "Working_Day", "days", " hour", "working_days", "workday"}) {
    EXPECT_FALSE(ParseDurationUnit(token).has_value()) << token;
  }
}

TEST(WorkingCalendarTest, NoWorkingTimeNeverLoops) {
  CalendarConfig no_days;
  no_days.working_weekdays.fill(false);
  CalendarConfig no_periods;
  no_periods.periods.clear();
  for (const CalendarConfig& config : {no_days, no_periods}) {
    const WorkingCalendar cal(config, {});
    const TimeMs start = At(2026, 3, 3, 10, 0);
    EXPECT_EQ(cal.AddWorkingMinutes(start, 1), kFarFuture);
    EXPECT_EQ(cal.AddDuration(start, {1, DurationUnit::kWorkingDay}), kFarFuture);
    EXPECT_EQ(cal.AddWorkingMinutes(start, 0), start);
    EXPECT_EQ(cal.WorkingMinutesBetween(start, start + 30LL * 24 * 60 * kMinuteMs), 0);
  }
  const WorkingCalendar cal;
  EXPECT_EQ(cal.AddWorkingMinutes(kFarFuture, 10), kFarFuture);
  EXPECT_EQ(cal.AddWorkingMinutes(At(2026, 3, 3, 10, 0), std::numeric_limits<int64_t>::max()),
            kFarFuture);
  EXPECT_GT(cal.WorkingMsBetween(At(2026, 3, 3, 10, 0), kFarFuture), 0);
  EXPECT_LT(cal.WorkingMsBetween(kFarFuture, std::numeric_limits<TimeMs>::min()), 0);
}

struct CsvErrorCase {
  const char* name;
  std::string csv;
  const char* field;
};

TEST(WorkingCalendarTest, CsvErrorsNameTheLine) {
  const std::string header = "date,kind,holiday\n";
  const std::vector<CsvErrorCase> cases = {
      {"empty text", "", "line 1"},
      {"wrong header", "date,kind\n2026-01-01,off,元旦\n", "line 1"},
      {"impossible date", header + "2026-01-01,off,元旦\n2026-02-30,off,春节\n", "line 3"},
      {"unpadded date", header + "2026-1-01,off,元旦\n", "line 2"},
      {"missing column", header + "2026-01-01,off\n", "line 2"},
      {"blank lines still count", header + "\n2026-13-01,off,x\n", "line 3"},
      {"duplicate date", header + "2026-01-01,off,元旦\n2026-01-01,work,元旦\n", "line 3"},
      {"bad kind on line 7",
       header + "2026-01-01,off,元旦\n2026-01-02,off,元旦\n2026-01-03,off,元旦\n"
                "2026-01-04,work,元旦\n2026-02-14,work,春节\n2026-02-15,holiday,春节\n",
       "line 7"},
  };
  for (const CsvErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto cal = WorkingCalendar::FromCsv(CalendarConfig{}, c.csv);
    ASSERT_FALSE(cal.has_value());
    EXPECT_EQ(cal.error().code, Code::kInvalidArgument);
    EXPECT_EQ(cal.error().fields.count(c.field), 1u) << cal.error().message;
  }
}

TEST(WorkingCalendarTest, CsvAcceptsBomAndCrlfAndChecksConfig) {
  auto cal = WorkingCalendar::FromCsv(CalendarConfig{},
                                      "\xEF\xBB\xBF"
                                      "date,kind,holiday\r\n2026-02-14,work,春节\r\n"
                                      "2026-02-16,off,春节\r\n\r\n");
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  EXPECT_EQ(cal->Overrides().size(), 2u);
  EXPECT_TRUE(cal->IsWorkingDay(DaysFromCivil(2026, 2, 14)));
  EXPECT_FALSE(cal->IsWorkingDay(DaysFromCivil(2026, 2, 16)));

  CalendarConfig overlapping;
  overlapping.periods = {{9 * 60, 12 * 60}, {11 * 60, 18 * 60}};
  auto bad = WorkingCalendar::FromCsv(overlapping, "date,kind,holiday\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields.count("periods[1]"), 1u);
  CalendarConfig far_offset;
  far_offset.utc_offset_minutes = 20 * 60;
  EXPECT_EQ(ValidateConfig(far_offset).error().fields.count("utc_offset_minutes"), 1u);
}

}  // namespace
}  // namespace civicgrid::base
