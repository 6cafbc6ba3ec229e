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

uint32_t StatsAccumulator::District(const std::string& district) {
  auto it = districts_.find(district);
  if (it != districts_.end()) return it->second;
  const auto n = static_cast<uint32_t>(districts_.size());
  districts_.emplace(district, n);
  return n;
}

uint32_t StatsAccumulator::GridScope(const cases::Case& c) {
  if (auto it = grid_ids_.find(c.grid_code); it != grid_ids_.end()) return it->second;
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
  grid_ids_.emplace(c.grid_code, grid);
  return grid;
}

uint32_t StatsAccumulator::Subject(const std::string& district, char kind, int64_t id) {
  auto text = [&] {
    return Intern(district, kind == 'd' ? cases::DepartmentScope(id) : cases::PersonScope(id));
  };
  constexpr int64_t kIdLimit = int64_t{1} << 39;
  if (id < 0 || id >= kIdLimit) return text();
  const uint64_t key = (uint64_t{District(district)} << 40) |
                       (uint64_t{kind == 'd' ? 1u : 0u} << 39) | static_cast<uint64_t>(id);
  if (auto it = subject_ids_.find(key); it != subject_ids_.end()) return it->second;
  const uint32_t scope = text();
  subject_ids_.emplace(key, scope);
  return scope;
}

uint16_t StatsAccumulator::Metric(const std::string& name) {
  if (auto it = metric_ids_.find(name); it != metric_ids_.end()) return it->second;
  const auto id = static_cast<uint16_t>(metrics_.size());
  metric_ids_.emplace(name, id);
  metrics_.push_back(name);
  metric_columns_.push_back(StatColumnsOf(name));
  return id;
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

void StatsAccumulator::Emit(const Counters& counters, Span span, int64_t start,
                            StatRows& out) const {
  tsl::robin_map<uint32_t, size_t> rows;  // scope → its row in out.totals
  rows.reserve(counters.size() / 2);
  for (const auto& [key, value] : counters) {
    const uint32_t scope = static_cast<uint32_t>(key >> 16);
    const auto& columns = metric_columns_[key & 0xffff];
    if (!columns) {
      const Scope& s = scopes_[scope];
      out.intake.push_back({s.district, s.key, span, start, metrics_[key & 0xffff], value.first});
      continue;
    }
    auto [it, added] = rows.try_emplace(scope, out.totals.size());
    if (added) out.totals.push_back({scopes_[scope].district, scopes_[scope].key, span, start, {}});
    StatValues& v = out.totals[it->second].values;
    v[columns->first] += value.first;
    if (columns->second >= 0) v[columns->second] += value.second;
  }
}

StatRows StatsAccumulator::Take(int64_t before_day) {
  StatRows out;
  while (!days_.empty() && days_.begin()->first < before_day) {
    const int64_t day = days_.begin()->first;
    Counters rows = std::move(days_.begin()->second);
    days_.erase(days_.begin());
    // A grid's counters count for its community, street and district too.
    std::vector<std::pair<uint64_t, std::pair<int64_t, int64_t>>> rolled;
    rolled.reserve(rows.size() * 3);
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
