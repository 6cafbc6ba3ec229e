// Working-time calendar: which local days are working days (weekdays plus Chinese public holidays
// and make-up working days, 调休) and time arithmetic in working minutes, for case time limits
// (时限).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace civicgrid::base {

// Returned by the working-time additions when the answer is not within reach: the calendar has no
// working time at all, or none within kMaxScanDays of the start. Compares after every real time.
inline constexpr TimeMs kFarFuture = std::numeric_limits<TimeMs>::max();

// How far AddWorkingMinutes searches before giving up with kFarFuture: about three years of local
// days. Real time limits are at most a few months of working days.
inline constexpr int64_t kMaxScanDays = int64_t{3} * 366;

// A stretch of working time within a local day, in minutes after local midnight: [start, end).
struct WorkPeriod {
  int start_minute;
  int end_minute;
};

struct CalendarConfig {
  // Sorted, non-overlapping, within [0, 1440]. Default: 09:00–12:00 and 13:00–18:00 (8 hours).
  std::vector<WorkPeriod> periods = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  // Index 0 is Monday, 6 is Sunday. Default: Monday to Friday.
  std::array<bool, 7> working_weekdays = {true, true, true, true, true, false, false};
  // Local time = UTC + this offset. Asia/Shanghai is UTC+8 all year (no DST since 1991).
  int utc_offset_minutes = 480;
};

// Kinds of rows in data/holidays-cn.csv: `off` (public holiday) and `work` (make-up working day).
enum class DayKind { kOff, kWork };

// Local day (days since 1970-01-01 in local time) -> override of the weekday rule.
using DayOverrides = std::map<int64_t, DayKind>;

// Units of a time limit, as written in data/time-limits.csv.
enum class DurationUnit { kWorkingMinute, kWorkingHour, kWorkingDay, kMinute, kHour, kDay };

// Accepts exactly `working_minute`, `working_hour`, `working_day`, `minute`, `hour`, `day`.
std::optional<DurationUnit> ParseDurationUnit(std::string_view token);
// The token ParseDurationUnit accepts for `unit`; a static string.
const char* DurationUnitName(DurationUnit unit);
// True for the working_* units, which count only working time.
bool IsWorkingTime(DurationUnit unit);

struct Duration {
  int64_t amount;
  DurationUnit unit;
};

// Days since 1970-01-01 of a proleptic Gregorian date. Precondition: the date is valid.
int64_t DaysFromCivil(int year, int month, int day);
// The first day of the calendar month holding `days`, and of the month after it.
int64_t MonthStart(int64_t days);
int64_t NextMonthStart(int64_t days);
// The `YYYY-MM-DD` of days since 1970-01-01.
std::string IsoDate(int64_t days);
// Parses a strict `YYYY-MM-DD` date into days since 1970-01-01; nullopt if malformed or invalid.
std::optional<int64_t> ParseIsoDate(std::string_view text);

// Checks a config: periods well-formed, sorted and disjoint; offset within ±18 hours. Errors are
// kInvalidArgument naming the field (`periods[1]`, `utc_offset_minutes`).
[[nodiscard]] Status ValidateConfig(const CalendarConfig& config);

// Immutable once built, so const methods may be called from any number of threads. Times are UTC
// epoch ms; inputs are clamped to ±1e15 ms (about ±31,000 years), so kFarFuture is a safe input.
class WorkingCalendar {
 public:
  // Default config, weekdays only, no holidays.
  WorkingCalendar();
  // Precondition: ValidateConfig(config) is ok (asserted). `overrides` as parsed by FromCsv.
  WorkingCalendar(CalendarConfig config, DayOverrides overrides);

  // Validates `config` and every row of a holidays CSV (header `date,kind,holiday`; a UTF-8 BOM,
  // CRLF line ends and blank lines are accepted). On any error returns kInvalidArgument whose field
  // names the line (`line 7`) and builds nothing.
  [[nodiscard]] static Result<WorkingCalendar> FromCsv(CalendarConfig config,
                                                       std::string_view csv_text);

  const CalendarConfig& Config() const { return config_; }
  const DayOverrides& Overrides() const { return overrides_; }

  // Local day containing `t`: floor((t + offset) / 1 day).
  int64_t LocalDay(TimeMs t) const;
  // How far local time is ahead of UTC.
  int64_t OffsetMs() const;
  // The instant of local date-time y-m-d hh:mm (for tests and seed data). Precondition: valid date.
  TimeMs LocalTime(int year, int month, int day, int hour, int minute) const;

  // An override from the CSV wins; otherwise the weekday rule applies.
  bool IsWorkingDay(int64_t local_day) const;
  bool IsWorkingDayAt(TimeMs t) const { return IsWorkingDay(LocalDay(t)); }
  // True when `t` lies inside a work period of a working day.
  bool IsWithinWorkingHours(TimeMs t) const;
  // Sum of the work periods: 480 by default.
  int64_t WorkingMinutesPerDay() const { return minutes_per_day_; }

  // The instant at which `minutes` working minutes have elapsed after `start`. Counting starts at
  // the next work period if `start` is outside working time; an amount that ends exactly at a
  // period end returns that end (11:50 + 10 → 12:00, not 13:00). `minutes` <= 0 returns `start`
  // unchanged. Returns kFarFuture when the answer lies beyond kMaxScanDays after start's local day,
  // which includes every calendar without working time.
  TimeMs AddWorkingMinutes(TimeMs start, int64_t minutes) const;
  // As AddWorkingMinutes, in milliseconds of working time.
  TimeMs AddWorkingMs(TimeMs start, int64_t ms) const;

  // Working ms inside [a, b); negative (−between(b, a)) when b < a. Exact to the millisecond.
  int64_t WorkingMsBetween(TimeMs a, TimeMs b) const;
  // WorkingMsBetween in whole minutes, truncated toward zero.
  int64_t WorkingMinutesBetween(TimeMs a, TimeMs b) const;

  // Calendar units add wall time (a day is 24 h; no DST in UTC+8). working_hour = 60 working
  // minutes; 1 working_day = WorkingMinutesPerDay() working minutes, i.e. 8 working hours by
  // default, so 09:00 + 1 working_day = 18:00 the same day. Negative working amounts return
  // `start`; results that overflow return kFarFuture.
  TimeMs AddDuration(TimeMs start, Duration d) const;
  // Elapsed working ms (WorkingMsBetween) when `working`, else plain ms b − a (clamped inputs).
  int64_t ElapsedMs(TimeMs a, TimeMs b, bool working) const;

 private:
  // Working ms of `local_day` within local ms-of-day [from, to).
  int64_t WorkingMsInDay(int64_t local_day, int64_t from, int64_t to) const;
  // Number of working days in local days [first, last).
  int64_t CountWorkingDays(int64_t first, int64_t last) const;

  CalendarConfig config_;
  DayOverrides overrides_;
  int64_t minutes_per_day_ = 0;
};

}  // namespace civicgrid::base
