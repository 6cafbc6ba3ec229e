#include "modules/evaluation/evaluation_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "modules/areas/area_code.h"
#include "modules/cases/case_stats.h"

namespace civicgrid::evaluation {
namespace {

using access::Role;

constexpr int64_t kMaxPeriodDays = 3 * 366;
constexpr int64_t kDefaultPeriodDays = 30;
constexpr size_t kMaxReasonBytes = 1000;
constexpr double kMaxPoints = 100;
constexpr double kCommunityShare = 0.9;  // Aksu: a street is 90% its communities' average

bool IsStaff(Role r) {
  return r == Role::kLeader || r == Role::kDistrictManager || r == Role::kDispatcher ||
         r == Role::kCommunityWorker || r == Role::kInspector;
}

std::string DistrictOf(const std::string& code) {
  return areas::AncestorAt(code, areas::AreaLevel::kDistrict).value_or("");
}

std::string DepartmentDistrict(const catalog::Department& d) {
  for (const auto& a : d.area_codes) {
    auto district = DistrictOf(a);
    if (!district.empty()) return district;
  }
  return "";
}

// The district an actor works in: their area's, or for a department's handler, the department's.
std::string ActorDistrict(const access::Actor& actor, catalog::CatalogService& catalog) {
  if (auto d = DistrictOf(actor.area_code); !d.empty()) return d;
  if (actor.department_id) {
    auto dept = catalog.FindDepartment(*actor.department_id);
    if (dept && *dept) return DepartmentDistrict(**dept);
  }
  return "";
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

}  // namespace

base::Result<Period> EvaluationService::ParsePeriod(const std::string& from,
                                                    const std::string& to) const {
  std::map<std::string, std::string> errors;
  int64_t today = calendar_.LocalDay(clock_.NowMs());
  Period p{today - kDefaultPeriodDays + 1, today};
  if (!to.empty()) {
    if (auto d = base::ParseIsoDate(to)) {
      p.last_day = *d;
    } else {
      errors["to"] = "a date YYYY-MM-DD";
    }
  }
  if (!from.empty()) {
    if (auto d = base::ParseIsoDate(from)) {
      p.first_day = *d;
    } else {
      errors["from"] = "a date YYYY-MM-DD";
    }
  } else {
    p.first_day = p.last_day - kDefaultPeriodDays + 1;
  }
  if (errors.empty() && p.last_day < p.first_day) {
    if (to.empty()) {
      errors["from"] = "must not be after today";
    } else {
      errors["to"] = "must not be before from";
    }
  }
  if (errors.empty() && p.Days() > kMaxPeriodDays) errors["to"] = "a period of at most 3 years";
  if (!errors.empty()) return base::InvalidFields("the period is invalid", std::move(errors));
  return p;
}

base::Result<Subject> EvaluationService::Resolve(const access::Actor& actor,
                                                 const SubjectInput& in) {
  if (actor.user_id == 0 && actor.role != Role::kSystem) {
    return base::Unauthenticated("log in first");
  }
  int given = (in.area.empty() ? 0 : 1) + (in.department_id ? 1 : 0) + (in.user_id ? 1 : 0);
  if (given != 1) {
    return base::InvalidArgument("subject", "give exactly one of area, department_id, user_id");
  }
  const access::Actor system = access::SystemActor();
  const bool admin = actor.role == Role::kAdmin || actor.role == Role::kSystem;
  Subject s;
  if (!in.area.empty()) {
    if (!areas::LevelOfCode(in.area)) return base::InvalidArgument("area", "not an area code");
    auto area = areas_.Get(system, in.area);
    if (!area) return tl::unexpected(area.error());
    if (!admin && !(IsStaff(actor.role) && areas::Within(actor.area_code, in.area))) {
      return base::PermissionDenied("you may not evaluate area " + in.area);
    }
    s = {"area", area->code, area->name, DistrictOf(area->code), cases::AreaScope(area->code)};
    return s;
  }
  if (in.department_id) {
    auto dept = catalog_.FindDepartment(*in.department_id);
    if (!dept) return tl::unexpected(dept.error());
    if (!*dept) return base::NotFound("no department " + std::to_string(*in.department_id));
    std::string district = DepartmentDistrict(**dept);
    bool own = actor.role == Role::kDepartmentHandler && actor.department_id == in.department_id;
    bool overseer = actor.role != Role::kInspector && IsStaff(actor.role) &&
                    ActorDistrict(actor, catalog_) == district;
    if (!admin && !own && !overseer) {
      return base::PermissionDenied("you may not evaluate this department");
    }
    s = {"department", std::to_string((*dept)->id), (*dept)->name, district,
         cases::DepartmentScope((*dept)->id)};
    return s;
  }
  auto user = users_.GetUser(*in.user_id);
  if (!user) return tl::unexpected(user.error());
  if (!*user) return base::NotFound("no user " + std::to_string(*in.user_id));
  access::Actor person;
  person.area_code = (*user)->area_code;
  person.department_id = (*user)->department_id;
  std::string district = ActorDistrict(person, catalog_);
  bool self = actor.user_id == *in.user_id;
  bool overseer = (actor.role == Role::kLeader || actor.role == Role::kDistrictManager ||
                   actor.role == Role::kDispatcher || actor.role == Role::kCommunityWorker) &&
                  (areas::Within(actor.area_code, (*user)->area_code) ||
                   ((*user)->area_code.empty() && ActorDistrict(actor, catalog_) == district));
  if (!admin && !self && !overseer)
    return base::PermissionDenied("you may not evaluate this person");
  s = {"person", std::to_string((*user)->id), (*user)->display_name, district,
       cases::PersonScope((*user)->id)};
  return s;
}

base::Result<std::map<std::string, std::pair<Counters, EntryTotals>>> EvaluationService::Gather(
    const std::string& district, const std::vector<std::string>& scopes, Period period) {
  std::map<std::string, std::pair<Counters, EntryTotals>> out;
  auto sums = repo_.Sum(district, scopes, period.first_day, period.last_day);
  if (!sums) return tl::unexpected(sums.error());
  auto entries = repo_.ListEntries(district, scopes, period.first_day, period.last_day);
  if (!entries) return tl::unexpected(entries.error());
  std::map<std::string, std::map<std::string, std::pair<double, int>>> ratings;
  for (const auto& scope : scopes) out[scope].first = (*sums)[scope];
  for (const auto& e : *entries) {
    auto& totals = out[e.scope].second;
    if (e.kind == "bonus") {
      totals.bonus_points += e.points;
    } else if (e.kind == "penalty") {
      totals.bonus_points -= e.points;
    } else {
      auto& [sum, n] = ratings[e.scope][e.kind];
      sum += e.points;
      ++n;
    }
  }
  for (const auto& [scope, kinds] : ratings) {
    for (const auto& [kind, sn] : kinds) {
      out[scope].second.mean_rating[kind] = sn.first / sn.second;
    }
  }
  return out;
}

const Preset* EvaluationService::FindPreset(const std::string& key) const {
  for (const auto& p : presets_) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

base::Result<Report> EvaluationService::Indicators(const access::Actor& actor,
                                                   const SubjectInput& in, Period period) {
  auto subject = Resolve(actor, in);
  if (!subject) return tl::unexpected(subject.error());
  auto data = Gather(subject->district_code, {subject->scope}, period);
  if (!data) return tl::unexpected(data.error());
  const auto& [counters, entries] = (*data)[subject->scope];
  Report r{*subject, period, counters, ComputeAll(counters), {}};
  for (const auto& p : presets_)
    r.scores.emplace_back(p.key, ComputeScore(p, presets_, counters, entries));
  return r;
}

base::Result<std::vector<Subject>> EvaluationService::RankedSubjects(const access::Actor& actor,
                                                                     const RankInput& in,
                                                                     Subject* parent) {
  auto p = Resolve(actor, {in.area, std::nullopt, std::nullopt});
  if (!p) return tl::unexpected(p.error());
  *parent = *p;
  const access::Actor system = access::SystemActor();
  std::vector<Subject> out;
  if (in.departments) {
    // The departments of a district: for its leaders and centres (not an inspector's to see).
    const bool overseer = actor.role == Role::kAdmin || actor.role == Role::kSystem ||
                          (actor.role != Role::kInspector && IsStaff(actor.role));
    if (!overseer) return base::PermissionDenied("you may not evaluate the departments");
    auto depts = catalog_.Departments(system);
    if (!depts) return tl::unexpected(depts.error());
    for (const auto& d : *depts) {
      if (DepartmentDistrict(d) != parent->district_code) continue;
      out.push_back({"department", std::to_string(d.id), d.name, parent->district_code,
                     cases::DepartmentScope(d.id)});
    }
    return out;
  }
  auto children = areas_.Children(system, parent->key);
  if (!children) return tl::unexpected(children.error());
  for (const auto& a : *children) {
    out.push_back({"area", a.code, a.name, parent->district_code, cases::AreaScope(a.code)});
  }
  return out;
}

base::Result<Ranking> EvaluationService::Rank(const access::Actor& actor, const RankInput& in) {
  const Preset* preset = FindPreset(in.preset);
  if (!preset) return base::InvalidArgument("preset", "no preset '" + in.preset + "'");
  Subject parent;
  auto subjects = RankedSubjects(actor, in, &parent);
  if (!subjects) return tl::unexpected(subjects.error());
  // The 90/10 roll-up scores a street from its communities: gather those too.
  std::map<std::string, std::vector<std::string>> communities;  // street scope → theirs
  std::vector<std::string> scopes;
  for (const auto& s : *subjects) scopes.push_back(s.scope);
  if (in.rollup && !in.departments) {
    auto within = areas_.Within(access::SystemActor(), parent.key, areas::AreaLevel::kCommunity);
    if (!within) return tl::unexpected(within.error());
    for (const auto& c : *within) {
      auto street = areas::AncestorAt(c.code, areas::AreaLevel::kStreet);
      if (!street) continue;
      communities[cases::AreaScope(*street)].push_back(cases::AreaScope(c.code));
      scopes.push_back(cases::AreaScope(c.code));
    }
  }
  Ranking ranking{preset, in.period, in.period.Previous(), {}};
  std::map<std::string, Counters> current;  // the period's counters, for the indicators
  auto score_all = [&](Period period) -> base::Result<std::map<std::string, Score>> {
    auto data = Gather(parent.district_code, scopes, period);
    if (!data) return tl::unexpected(data.error());
    if (period.first_day == in.period.first_day) {
      for (auto& [scope, d] : *data) current[scope] = d.first;
    }
    std::map<std::string, Score> scores;
    for (const auto& scope : scopes) {
      const auto& [counters, entries] = (*data)[scope];
      scores[scope] = ComputeScore(*preset, presets_, counters, entries);
    }
    for (const auto& [street, list] : communities) {
      double sum = 0;
      int n = 0;
      for (const auto& c : list) {
        if (scores[c].total) {
          sum += *scores[c].total;
          ++n;
        }
      }
      auto& own = scores[street];
      if (n > 0) {
        own.total = kCommunityShare * (sum / n) + (1 - kCommunityShare) * own.total.value_or(0);
      }
    }
    return scores;
  };
  auto now = score_all(ranking.period);
  if (!now) return tl::unexpected(now.error());
  auto before = score_all(ranking.previous);
  if (!before) return tl::unexpected(before.error());
  for (const auto& s : *subjects) {
    RankRow row;
    row.subject = s;
    row.score = (*now)[s.scope].total;
    row.previous_score = (*before)[s.scope].total;
    row.indicators = ComputeAll(current[s.scope]);
    ranking.rows.push_back(std::move(row));
  }
  auto assign = [&](auto score_of, auto set_rank) {
    std::vector<RankRow*> order;
    for (auto& r : ranking.rows) {
      if (score_of(r)) order.push_back(&r);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](RankRow* a, RankRow* b) { return *score_of(*a) > *score_of(*b); });
    for (size_t i = 0; i < order.size(); ++i) set_rank(*order[i], static_cast<int>(i + 1));
  };
  assign([](const RankRow& r) { return r.previous_score; },
         [](RankRow& r, int rank) { r.previous_rank = rank; });
  assign([](const RankRow& r) { return r.score; }, [](RankRow& r, int rank) { r.rank = rank; });
  std::stable_sort(ranking.rows.begin(), ranking.rows.end(),
                   [](const RankRow& a, const RankRow& b) {
                     if ((a.rank == 0) != (b.rank == 0)) return b.rank == 0;
                     return a.rank < b.rank;
                   });
  return ranking;
}

base::Result<Dashboard> EvaluationService::DashboardOf(const access::Actor& actor,
                                                       const std::string& area, Period period) {
  auto report = Indicators(actor, {area, std::nullopt, std::nullopt}, period);
  if (!report) return tl::unexpected(report.error());
  auto daily = repo_.Daily(report->subject.district_code, report->subject.scope, period.first_day,
                           period.last_day);
  if (!daily) return tl::unexpected(daily.error());
  Dashboard d{std::move(*report), {}, {}};
  for (auto& [day, counters] : *daily) d.days.push_back({day, std::move(counters)});
  // The intake by channel and category, kept for streets and districts.
  auto level = areas::LevelOfCode(d.report.subject.key);
  if (level == areas::AreaLevel::kStreet || level == areas::AreaLevel::kDistrict) {
    std::string scope = cases::IntakeScope(d.report.subject.key);
    auto intake =
        repo_.Sum(d.report.subject.district_code, {scope}, period.first_day, period.last_day);
    if (!intake) return tl::unexpected(intake.error());
    d.intake = std::move((*intake)[scope]);
  }
  return d;
}

base::Result<Entry> EvaluationService::AddEntry(const access::Actor& actor, const EntryInput& in) {
  static const std::set<std::string> kKinds = {"leader_rating", "community_rating", "bonus",
                                               "penalty"};
  std::map<std::string, std::string> errors;
  if (!kKinds.count(in.kind)) {
    errors["kind"] = "leader_rating, community_rating, bonus or penalty";
  } else if (in.kind == "bonus" || in.kind == "penalty") {
    if (!(in.points > 0 && in.points <= kMaxPoints)) errors["points"] = "more than 0, at most 100";
    if (in.reason.empty()) errors["reason"] = "required: say what the points are for";
  } else if (!(in.points >= 0 && in.points <= kMaxPoints)) {
    errors["points"] = "a rating from 0 to 100";
  }
  if (in.reason.size() > kMaxReasonBytes) errors["reason"] = "at most 1000 bytes";
  if (!errors.empty()) return base::InvalidFields("the entry is invalid", std::move(errors));
  const bool leader = actor.role == Role::kLeader || actor.role == Role::kDistrictManager ||
                      actor.role == Role::kAdmin;
  if (in.kind == "community_rating") {
    if (actor.role != Role::kCommunityWorker) {
      return base::PermissionDenied("community workers rate the departments");
    }
    if (!in.subject.department_id) {
      return base::InvalidArgument("department_id", "a community rates a department");
    }
    // Only a department that works in the community: one serving an area that holds it or lies
    // within it.
    auto dept = catalog_.FindDepartment(*in.subject.department_id);
    if (!dept) return tl::unexpected(dept.error());
    const bool serves = *dept && std::any_of((*dept)->area_codes.begin(), (*dept)->area_codes.end(),
                                             [&](const std::string& code) {
                                               return areas::Within(code, actor.area_code) ||
                                                      areas::Within(actor.area_code, code);
                                             });
    if (!serves) {
      return base::PermissionDenied("a community rates the departments that work in it");
    }
  } else if (!leader) {
    return base::PermissionDenied("leaders enter ratings and bonus or penalty points");
  }
  if (in.subject.user_id) return base::InvalidArgument("user_id", "rate an area or a department");
  auto subject = Resolve(actor, in.subject);
  if (!subject) return tl::unexpected(subject.error());
  Entry e;
  e.district_code = subject->district_code;
  e.scope = subject->scope;
  e.kind = in.kind;
  e.first_day = in.period.first_day;
  e.last_day = in.period.last_day;
  e.points = in.points;
  e.reason = in.reason.empty() ? in.kind + " " + Fmt(in.points) : in.reason;
  e.by_user = actor.user_id;
  e.created_at = clock_.NowMs();
  return repo_.AddEntry(std::move(e));
}

base::Result<std::vector<Entry>> EvaluationService::Entries(const access::Actor& actor,
                                                            const SubjectInput& in, Period period) {
  auto subject = Resolve(actor, in);
  if (!subject) return tl::unexpected(subject.error());
  return repo_.ListEntries(subject->district_code, {subject->scope}, period.first_day,
                           period.last_day);
}

}  // namespace civicgrid::evaluation
