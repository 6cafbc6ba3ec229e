#include "modules/cases/case_stats.h"

#include <charconv>

namespace civicgrid::cases {
namespace {

bool Flag(const CaseEvent& e, const char* key) {
  auto it = e.details.find(key);
  return it != e.details.end() && it->second == "true";
}

std::optional<int64_t> Number(const CaseEvent& e, const char* key) {
  auto it = e.details.find(key);
  if (it == e.details.end()) return std::nullopt;
  int64_t v = 0;
  const std::string& s = it->second;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string Detail(const CaseEvent& e, const char* key) {
  auto it = e.details.find(key);
  return it == e.details.end() ? "" : it->second;
}

// The counter names of one event (without scopes), with their durations.
std::vector<std::pair<std::string, int64_t>> Metrics(const Case& c, const CaseEvent& e) {
  std::vector<std::pair<std::string, int64_t>> m;
  auto add = [&](std::string name, int64_t ms = 0) { m.emplace_back(std::move(name), ms); };
  const std::string& a = e.action;
  const bool late = Flag(e, "late");
  // Events written before the facts were recorded (docs/evaluation.md §1) count, but not in the
  // on-time statistics.
  const bool timed = e.details.count("late") > 0;
  const bool suspended = Flag(e, "suspended");
  const bool hotline = c.channel == Channel::kHotline;
  // Any step that ended a stage: its duration, and whether it was late.
  if (auto stage = Detail(e, "stage"); !stage.empty()) {
    add("stage_" + stage, Number(e, "stage_ms").value_or(0));
    if (late) add("late_" + stage);
  }
  if (a == "report") {
    add("reports");
    if (c.channel == Channel::kResident || hotline) add("public_reports");

  } else if (a == "register" || a == "self_handle") {
    add("registrations");
    if (timed && !late) add("registrations_on_time");
    if (a == "self_handle") {
      add("self_handled");
      add("closures");
      if (timed && !suspended) {
        add("closures_counted");
        if (!late) add("closures_on_time");
      }
    }
  } else if (a == "reject") {
    add("rejections");
  } else if (a == "merge") {
    add("merges");
  } else if (a == "dispatch") {
    add("dispatches");
  } else if (a == "return") {
    add("returns");
  } else if (a == "claim") {
    add("claims");
    if (timed && !late) add("claims_on_time");
    if (hotline) {
      add("hl_claims");
      if (timed && !late) add("hl_claims_on_time");
    }
  } else if (a == "report_handled") {
    add("handled");
    if (timed && !suspended) {
      add("handled_counted");
      if (!late) add("handled_on_time");
    }
  } else if (a == "verify") {
    add(Detail(e, "result") == "pass" ? "verified_pass" : "verified_fail");
  } else if (a == "approve_extension") {
    add("extensions");
  } else if (a == "suspend") {
    add("suspensions");
  } else if (a == "supervise") {
    add("supervisions");
    if (e.actor_role == "system") add("overdue");
  } else if (a == "warn") {
    add("warnings");
  } else if (a == "escalate") {
    add("escalations");
  } else if (a == "close") {
    add("closures");
    if (e.details.count("on_time") && !suspended) {
      add("closures_counted");
      if (Flag(e, "on_time")) add("closures_on_time");
    }
  } else if (a == "rate") {
    std::string s = Detail(e, "satisfaction");
    if (s.empty()) {  // a rating of 1–5 stars from before the callback's three answers
      auto score = Number(e, "score").value_or(0);
      s = score >= 4 ? "satisfied" : score == 3 ? "basically_satisfied" : "unsatisfied";
    }
    const bool content = s == "satisfied" || s == "basically_satisfied";
    add("rated");
    if (!s.empty()) add(s);
    if (Flag(e, "solved")) add("solved");
    if (Flag(e, "reopened")) add("reopened");
    if (hotline) {
      add("hl_rated");
      if (Flag(e, "solved")) add("hl_solved");
      if (content) add("hl_satisfied");
    }
  }
  return m;
}

}  // namespace

std::string AreaScope(const std::string& area_code) { return "a:" + area_code; }
std::string IntakeScope(const std::string& area_code) { return "i:" + area_code; }
std::string DepartmentScope(int64_t department_id) { return "d:" + std::to_string(department_id); }
std::string PersonScope(int64_t user_id) { return "p:" + std::to_string(user_id); }

EventStats StatsOf(const Case& c, std::optional<int64_t> department, const CaseEvent& e) {
  EventStats out;
  out.metrics = Metrics(c, e);
  if (e.action == "report") {  // the intake by channel and category, for the screens
    out.intake = {std::string("channel_") + ChannelName(c.channel), "category_" + c.category_code};
  }
  // Dispatch and return name the department they concern; later steps belong to the one that
  // has the case.
  if (e.action == "dispatch" || e.action == "return") {
    if (auto d = Number(e, "department_id"); d && *d > 0) department = d;
  }
  out.department = department;
  if (e.actor_id > 0 && e.actor_role != "resident" && e.actor_role != "system") {
    out.person = e.actor_id;
  }
  return out;
}

namespace {

// Spreads one event's counters over the case's four areas, its department and the person.
std::vector<StatDelta> Spread(const Case& c, const EventStats& stats, int64_t day) {
  std::vector<std::string> scopes = {AreaScope(c.grid_code), AreaScope(c.community_code),
                                     AreaScope(c.street_code), AreaScope(c.district_code)};
  if (stats.department) scopes.push_back(DepartmentScope(*stats.department));
  if (stats.person) scopes.push_back(PersonScope(stats.person));
  std::vector<StatDelta> out;
  out.reserve(stats.metrics.size() * scopes.size() + stats.intake.size() * 2);
  for (const auto& scope : scopes) {
    for (const auto& [name, ms] : stats.metrics) out.push_back({day, scope, name, 1, ms});
  }
  for (const auto& scope : {IntakeScope(c.street_code), IntakeScope(c.district_code)}) {
    for (const auto& name : stats.intake) out.push_back({day, scope, name, 1, 0});
  }
  return out;
}

}  // namespace

std::vector<StatDelta> StatsFor(const Case& c, std::optional<int64_t> department,
                                const CaseEvent& e, int64_t day) {
  return Spread(c, StatsOf(c, department, e), day);
}

EventStats StatsReplay::NextStats(const CaseEvent& e) {
  EventStats out = StatsOf(facts_, department_, e);
  if (e.action == "dispatch") {
    department_ = Number(e, "department_id");
  } else if (e.action == "return") {
    department_.reset();
  }
  return out;
}

std::vector<StatDelta> StatsReplay::Next(const CaseEvent& e, int64_t day) {
  return Spread(facts_, NextStats(e), day);
}

}  // namespace civicgrid::cases
