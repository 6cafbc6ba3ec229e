#include "base/working_calendar.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

namespace civicgrid::base {
namespace {

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerHour = 60 * kMsPerMinute;
constexpr int64_t kMsPerDay = 24 * kMsPerHour;
constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMaxOffsetMinutes = 18 * 60;
// Inputs are clamped here so that local-time and day arithmetic can never overflow.
constexpr TimeMs kTimeLimit = 1'000'000'000'000'000;
constexpr std::string_view kCsvHeader = "date,kind,holiday";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// The tokens of data/time-limits.csv's `unit` column.
constexpr std::pair<DurationUnit, const char*> kUnitNames[] = {
    {DurationUnit::kWorkingMinute, "working_minute"},
    {DurationUnit::kWorkingHour, "working_hour"},
    {DurationUnit::kWorkingDay, "working_day"},
    {DurationUnit::kMinute, "minute"},
    {DurationUnit::kHour, "hour"},
    {DurationUnit::kDay, "day"},
};

TimeMs ClampTime(TimeMs t) { return std::clamp(t, -kTimeLimit, kTimeLimit); }

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

// 0 = Monday … 6 = Sunday; 1970-01-01 (day 0) was a Thursday.
int Weekday(int64_t local_day) { return static_cast<int>(((local_day % 7) + 7 + 3) % 7); }

// a * b, or nullopt on overflow.
std::optional<int64_t> CheckedMul(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// start + delta, saturating at the int64 limits (kFarFuture on the high side).
TimeMs SaturatingAdd(TimeMs start, int64_t delta) {
  TimeMs out = 0;
  if (__builtin_add_overflow(start, delta, &out)) {
    return delta > 0 ? kFarFuture : std::numeric_limits<TimeMs>::min();
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string LineField(int line_no) { return "line " + std::to_string(line_no); }

}  // namespace

std::optional<DurationUnit> ParseDurationUnit(std::string_view token) {
  for (const auto& [unit, name] : kUnitNames) {
    if (token == name) return unit;
  }
  return std::nullopt;
}

const char* DurationUnitName(DurationUnit unit) {
  for (const auto& [known, name] : kUnitNames) {
    if (known == unit) return name;
  }
  return "unknown";
}

bool IsWorkingTime(DurationUnit unit) {
  return unit == DurationUnit::kWorkingMinute || unit == DurationUnit::kWorkingHour ||
         unit == DurationUnit::kWorkingDay;
}

int64_t DaysFromCivil(int year, int month, int day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

int64_t MonthStart(int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return std::chrono::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
}

int64_t NextMonthStart(int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  const auto next = ymd.year() / ymd.month() / 1 + std::chrono::months{1};
  return std::chrono::sys_days{next}.time_since_epoch().count();
}

std::string IsoDate(int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<int64_t> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t pos, size_t len) -> std::optional<int> {
    int value = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const std::optional<int> year = number(0, 4);
  const std::optional<int> month = number(5, 2);
  const std::optional<int> day = number(8, 2);
  if (!year || !month || !day) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                        std::chrono::month{static_cast<unsigned>(*month)},
                                        std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

Status ValidateConfig(const CalendarConfig& config) {
  for (size_t i = 0; i < config.periods.size(); ++i) {
    const WorkPeriod& p = config.periods[i];
    const std::string field = "periods[" + std::to_string(i) + "]";
    if (p.start_minute < 0 || p.end_minute > kMinutesPerDay || p.start_minute >= p.end_minute) {
      return InvalidArgument(field, "want 0 <= start_minute < end_minute <= 1440");
    }
    if (i > 0 && p.start_minute < config.periods[i - 1].end_minute) {
      return InvalidArgument(field, "must start at or after the end of the previous period");
    }
  }
  if (config.utc_offset_minutes < -kMaxOffsetMinutes ||
      config.utc_offset_minutes > kMaxOffsetMinutes) {
    return InvalidArgument("utc_offset_minutes", "must be within -1080..1080");
  }
  return Ok();
}

WorkingCalendar::WorkingCalendar() : WorkingCalendar(CalendarConfig{}, DayOverrides{}) {}

WorkingCalendar::WorkingCalendar(CalendarConfig config, DayOverrides overrides)
    : config_(std::move(config)), overrides_(std::move(overrides)) {
  assert(ValidateConfig(config_).has_value());
  for (const WorkPeriod& p : config_.periods) minutes_per_day_ += p.end_minute - p.start_minute;
}

Result<WorkingCalendar> WorkingCalendar::FromCsv(CalendarConfig config, std::string_view csv_text) {
  if (Status valid = ValidateConfig(config); !valid) return tl::unexpected(valid.error());
  if (csv_text.substr(0, kUtf8Bom.size()) == kUtf8Bom) csv_text.remove_prefix(kUtf8Bom.size());

  DayOverrides overrides;
  std::map<int64_t, int> line_of_day;  // for naming the first line of a duplicate date
  bool header_seen = false;
  int line_no = 0;
  while (!csv_text.empty()) {
    const size_t newline = csv_text.find('\n');
    const std::string_view line = Trim(csv_text.substr(0, newline));
    csv_text =
        newline == std::string_view::npos ? std::string_view{} : csv_text.substr(newline + 1);
    ++line_no;
    if (line.empty()) continue;
    if (!header_seen) {
      if (line != kCsvHeader)
        return InvalidArgument(LineField(line_no), "want header " + std::string(kCsvHeader));
      header_seen = true;
      continue;
    }
    const size_t comma1 = line.find(',');
    const size_t comma2 = comma1 == std::string_view::npos ? comma1 : line.find(',', comma1 + 1);
    if (comma2 == std::string_view::npos) {
      return InvalidArgument(LineField(line_no), "want 3 columns: date,kind,holiday");
    }
    const std::string_view date_text = Trim(line.substr(0, comma1));
    const std::string_view kind_text = Trim(line.substr(comma1 + 1, comma2 - comma1 - 1));
    const std::optional<int64_t> day = ParseIsoDate(date_text);
    if (!day) {
      return InvalidArgument(LineField(line_no),
                             "bad date \"" + std::string(date_text) + "\" (want YYYY-MM-DD)");
    }
    DayKind kind = DayKind::kOff;
    if (kind_text == "work") {
      kind = DayKind::kWork;
    } else if (kind_text != "off") {
      return InvalidArgument(LineField(line_no),
                             "bad kind \"" + std::string(kind_text) + "\" (want off or work)");
    }
    if (auto [it, inserted] = line_of_day.emplace(*day, line_no); !inserted) {
      return InvalidArgument(LineField(line_no), "duplicate date " + std::string(date_text) +
                                                     " (first on line " +
                                                     std::to_string(it->second) + ")");
    }
    overrides.emplace(*day, kind);
  }
  if (!header_seen) return InvalidArgument("line 1", "missing header date,kind,holiday");
  return WorkingCalendar(std::move(config), std::move(overrides));
}

int64_t WorkingCalendar::OffsetMs() const { return config_.utc_offset_minutes * kMsPerMinute; }

int64_t WorkingCalendar::LocalDay(TimeMs t) const {
  return FloorDiv(ClampTime(t) + OffsetMs(), kMsPerDay);
}

TimeMs WorkingCalendar::LocalTime(int year, int month, int day, int hour, int minute) const {
  return DaysFromCivil(year, month, day) * kMsPerDay + hour * kMsPerHour + minute * kMsPerMinute -
         OffsetMs();
}

bool WorkingCalendar::IsWorkingDay(int64_t local_day) const {
  if (auto it = overrides_.find(local_day); it != overrides_.end()) {
    return it->second == DayKind::kWork;
  }
  return config_.working_weekdays[Weekday(local_day)];
}

bool WorkingCalendar::IsWithinWorkingHours(TimeMs t) const {
  const int64_t local = ClampTime(t) + OffsetMs();
  const int64_t day = FloorDiv(local, kMsPerDay);
  if (!IsWorkingDay(day)) return false;
  const int64_t ms_of_day = local - day * kMsPerDay;
  return std::any_of(config_.periods.begin(), config_.periods.end(), [&](const WorkPeriod& p) {
    return p.start_minute * kMsPerMinute <= ms_of_day && ms_of_day < p.end_minute * kMsPerMinute;
  });
}

TimeMs WorkingCalendar::AddWorkingMinutes(TimeMs start, int64_t minutes) const {
  if (minutes <= 0) return start;
  const std::optional<int64_t> ms = CheckedMul(minutes, kMsPerMinute);
  return ms ? AddWorkingMs(start, *ms) : kFarFuture;
}

TimeMs WorkingCalendar::AddWorkingMs(TimeMs start, int64_t ms) const {
  if (ms <= 0) return start;
  if (minutes_per_day_ == 0 || start > kTimeLimit) return kFarFuture;
  const int64_t local = ClampTime(start) + OffsetMs();
  int64_t day = FloorDiv(local, kMsPerDay);
  int64_t remaining = ms;
  // One pass per local day; the cap keeps a calendar without working days from looping forever.
  for (int64_t scanned = 0; scanned <= kMaxScanDays; ++scanned, ++day) {
    if (!IsWorkingDay(day)) continue;
    for (const WorkPeriod& p : config_.periods) {
      const int64_t period_end = day * kMsPerDay + p.end_minute * kMsPerMinute;
      const int64_t from = std::max(day * kMsPerDay + p.start_minute * kMsPerMinute, local);
      if (from >= period_end) continue;
      if (remaining <= period_end - from) return from + remaining - OffsetMs();
      remaining -= period_end - from;
    }
  }
  return kFarFuture;
}

int64_t WorkingCalendar::WorkingMsInDay(int64_t local_day, int64_t from, int64_t to) const {
  if (!IsWorkingDay(local_day)) return 0;
  int64_t total = 0;
  for (const WorkPeriod& p : config_.periods) {
    const int64_t lo = std::max(from, p.start_minute * kMsPerMinute);
    const int64_t hi = std::min(to, p.end_minute * kMsPerMinute);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

int64_t WorkingCalendar::CountWorkingDays(int64_t first, int64_t last) const {
  if (last <= first) return 0;
  // Whole weeks by the weekday rule, then the leftover days, then correct for the overrides.
  const int64_t weeks = (last - first) / 7;
  const int64_t per_week =
      std::count(config_.working_weekdays.begin(), config_.working_weekdays.end(), true);
  int64_t count = weeks * per_week;
  for (int64_t day = first + weeks * 7; day < last; ++day) {
    if (config_.working_weekdays[Weekday(day)]) ++count;
  }
  for (auto it = overrides_.lower_bound(first); it != overrides_.end() && it->first < last; ++it) {
    const bool by_weekday = config_.working_weekdays[Weekday(it->first)];
    const bool working = it->second == DayKind::kWork;
    if (working != by_weekday) count += working ? 1 : -1;
  }
  return count;
}

int64_t WorkingCalendar::WorkingMsBetween(TimeMs a, TimeMs b) const {
  a = ClampTime(a);
  b = ClampTime(b);
  if (b < a) return -WorkingMsBetween(b, a);
  const int64_t local_a = a + OffsetMs();
  const int64_t local_b = b + OffsetMs();
  const int64_t day_a = FloorDiv(local_a, kMsPerDay);
  const int64_t day_b = FloorDiv(local_b, kMsPerDay);
  const int64_t from = local_a - day_a * kMsPerDay;
  const int64_t to = local_b - day_b * kMsPerDay;
  if (day_a == day_b) return WorkingMsInDay(day_a, from, to);
  return WorkingMsInDay(day_a, from, kMsPerDay) +
         CountWorkingDays(day_a + 1, day_b) * minutes_per_day_ * kMsPerMinute +
         WorkingMsInDay(day_b, 0, to);
}

int64_t WorkingCalendar::WorkingMinutesBetween(TimeMs a, TimeMs b) const {
  return WorkingMsBetween(a, b) / kMsPerMinute;
}

TimeMs WorkingCalendar::AddDuration(TimeMs start, Duration d) const {
  if (IsWorkingTime(d.unit)) {
    if (d.amount <= 0) return start;
    int64_t unit_minutes = 1;
    if (d.unit == DurationUnit::kWorkingHour) unit_minutes = 60;
    if (d.unit == DurationUnit::kWorkingDay) unit_minutes = minutes_per_day_;
    if (unit_minutes == 0) return kFarFuture;  // no working time at all
    const std::optional<int64_t> minutes = CheckedMul(d.amount, unit_minutes);
    return minutes ? AddWorkingMinutes(start, *minutes) : kFarFuture;
  }
  int64_t unit_ms = kMsPerMinute;
  if (d.unit == DurationUnit::kHour) unit_ms = kMsPerHour;
  if (d.unit == DurationUnit::kDay) unit_ms = kMsPerDay;
  const std::optional<int64_t> ms = CheckedMul(d.amount, unit_ms);
  if (!ms) return d.amount > 0 ? kFarFuture : std::numeric_limits<TimeMs>::min();
  return SaturatingAdd(start, *ms);
}

int64_t WorkingCalendar::ElapsedMs(TimeMs a, TimeMs b, bool working) const {
  return working ? WorkingMsBetween(a, b) : ClampTime(b) - ClampTime(a);
}

}  // namespace civicgrid::base
