#include "storage/sql/stats_accumulator.h"

#include "base/working_calendar.h"
#include "modules/areas/area_code.h"
#include "modules/cases/case_stats.h"

namespace civicgrid::storage::sql {

uint32_t StatsAccumulator::Intern(const std::string& district, std::string key) {
  std::string id = district + '\t' + key;
  auto [it, added] = scope_ids_.emplace(std::move(id), static_cast<uint32_t>(scopes_.size()));
  if (added) scopes_.push_back({district, std::move(key), {}, {}, false});
  return it->second;
}

uint32_t StatsAccumulator::GridScope(const cases::Case& c) {
  uint32_t grid = Intern(c.district_code, cases::AreaScope(c.grid_code));
  if (!scopes_[grid].grid) {
    std::array<uint32_t, 3> parents = {Intern(c.district_code, cases::AreaScope(c.community_code)),
                                       Intern(c.district_code, cases::AreaScope(c.street_code)),
                                       Intern(c.district_code, cases::AreaScope(c.district_code))};
    std::array<uint32_t, 2> intake = {Intern(c.district_code, cases::IntakeScope(c.street_code)),
                                      Intern(c.district_code, cases::IntakeScope(c.district_code))};
    scopes_[grid].parents = parents;
    scopes_[grid].intake = intake;
    scopes_[grid].grid = true;
  }
  return grid;
}

uint32_t StatsAccumulator::Subject(const std::string& district, char kind, int64_t id) {
  std::string key = district + '\t' + kind + std::to_string(id);
  auto it = subject_ids_.find(key);
  if (it != subject_ids_.end()) return it->second;
  uint32_t scope =
      Intern(district, kind == 'd' ? cases::DepartmentScope(id) : cases::PersonScope(id));
  subject_ids_.emplace(std::move(key), scope);
  return scope;
}

uint16_t StatsAccumulator::Metric(const std::string& name) {
  auto [it, added] = metric_ids_.emplace(name, static_cast<uint16_t>(metrics_.size()));
  if (added) {
    metrics_.push_back(name);
    metric_columns_.push_back(StatColumnsOf(name));
  }
  return it->second;
}

void StatsAccumulator::Add(const cases::Case& c, const std::vector<cases::CaseEvent>& events,
                           const base::WorkingCalendar& calendar) {
  const uint32_t grid = GridScope(c);
  cases::StatsReplay replay(c);
  for (const auto& e : events) {
    cases::EventStats stats = replay.NextStats(e);
    auto& day = days_[calendar.LocalDay(e.at)];
    std::array<uint32_t, 3> scopes = {grid, 0, 0};
    size_t n = 1;
    if (stats.department) scopes[n++] = Subject(c.district_code, 'd', *stats.department);
    if (stats.person) scopes[n++] = Subject(c.district_code, 'p', stats.person);
    for (const auto& [name, ms] : stats.metrics) {
      const uint16_t metric = Metric(name);
      for (size_t i = 0; i < n; ++i) {
        auto& [count, sum] = day[(uint64_t{scopes[i]} << 16) | metric];
        ++count;
        sum += ms;
      }
    }
    for (const auto& name : stats.intake) {
      const uint16_t metric = Metric(name);
      for (uint32_t scope : scopes_[grid].intake) ++day[(uint64_t{scope} << 16) | metric].first;
    }
  }
}

void StatsAccumulator::Emit(
    const std::unordered_map<uint64_t, std::pair<int64_t, int64_t>>& counters, Span span,
    int64_t start, StatRows& out) const {
  std::unordered_map<uint32_t, StatValues> rows;
  for (const auto& [key, value] : counters) {
    const uint32_t scope = static_cast<uint32_t>(key >> 16);
    const auto& columns = metric_columns_[key & 0xffff];
    if (!columns) {
      const Scope& s = scopes_[scope];
      out.intake.push_back({s.district, s.key, span, start, metrics_[key & 0xffff], value.first});
      continue;
    }
    StatValues& v = rows.try_emplace(scope, StatValues{}).first->second;
    v[columns->first] += value.first;
    if (columns->second >= 0) v[columns->second] += value.second;
  }
  for (const auto& [scope, values] : rows) {
    out.totals.push_back({scopes_[scope].district, scopes_[scope].key, span, start, values});
  }
}

StatRows StatsAccumulator::Take(int64_t before_day) {
  StatRows out;
  while (!days_.empty() && days_.begin()->first < before_day) {
    const int64_t day = days_.begin()->first;
    auto rows = std::move(days_.begin()->second);
    days_.erase(days_.begin());
    // A grid's counters count for its community, street and district too.
    std::vector<std::pair<uint64_t, std::pair<int64_t, int64_t>>> rolled;
    for (const auto& [key, value] : rows) {
      const Scope& scope = scopes_[key >> 16];
      if (!scope.grid) continue;
      for (uint32_t parent : scope.parents) {
        rolled.emplace_back((uint64_t{parent} << 16) | (key & 0xffff), value);
      }
    }
    for (const auto& [key, value] : rolled) {
      auto& [n, ms] = rows[key];
      n += value.first;
      ms += value.second;
    }
    Emit(rows, Span::kDay, day, out);
    auto& month = months_[base::MonthStart(day)];
    for (const auto& [key, value] : rows) {
      auto& [n, ms] = month[key];
      n += value.first;
      ms += value.second;
    }
  }
  // Months all of whose days are taken.
  while (!months_.empty() && base::NextMonthStart(months_.begin()->first) <= before_day) {
    Emit(months_.begin()->second, Span::kMonth, months_.begin()->first, out);
    months_.erase(months_.begin());
  }
  return out;
}

}  // namespace civicgrid::storage::sql
