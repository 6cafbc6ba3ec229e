#include "modules/cases/cases_service.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "geo/coords.h"
#include "modules/areas/area_code.h"
#include "modules/cases/case_audit.h"
#include "modules/cases/deadline.h"
#include "modules/cases/outbound.h"
#include "modules/cases/policy.h"

namespace civicgrid::cases {
namespace {

using access::Role;
using Errors = std::map<std::string, std::string>;

constexpr size_t kMaxDescriptionBytes = 4000;
constexpr size_t kMaxAddressBytes = 500;
constexpr size_t kMaxRefBytes = 200;
constexpr size_t kMaxPhoneLength = 20;
constexpr int kMaxPageSize = 200;

bool ChannelAllowed(Role role, Channel channel) {
  switch (role) {
    case Role::kResident:
      return channel == Channel::kResident;
    case Role::kInspector:
      return channel == Channel::kPatrol || channel == Channel::kGroup;
    case Role::kCommunityWorker:
      return channel == Channel::kPatrol || channel == Channel::kGroup ||
             channel == Channel::kResident;
    case Role::kDispatcher:
    case Role::kDistrictManager:
      return true;
    default:
      return false;
  }
}

// The date part of a case number in Asia/Shanghai: "<district>-<yyyymmdd>-".

}  // namespace

base::Result<std::optional<base::Duration>> CasesService::LimitFor(const Case& c,
                                                                   catalog::Stage stage) {
  auto rule = catalog_.TimeLimitFor(c.category_kind, c.category_code, c.urgency, stage);
  if (!rule) return tl::unexpected(rule.error());
  if (!*rule) return std::optional<base::Duration>();
  return std::optional<base::Duration>((*rule)->duration);
}

base::Status CasesService::StartStage(Case& c, catalog::Stage stage, base::TimeMs now) {
  auto limit = LimitFor(c, stage);
  if (!limit) return tl::unexpected(limit.error());
  StartClock(c, stage, *limit, now, calendar_);
  return base::Ok();
}

base::Result<CaseView> CasesService::Report(const access::Actor& actor, const ReportInput& in) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  Errors errors;
  auto channel = ParseChannel(in.channel);
  if (!channel) {
    errors["channel"] = "must be patrol, resident, hotline, group or leader";
  } else if (!ChannelAllowed(actor.role, *channel)) {
    if (actor.role == Role::kLeader || actor.role == Role::kAdmin ||
        actor.role == Role::kDepartmentHandler) {
      return base::PermissionDenied(std::string("a ") + access::RoleName(actor.role) +
                                    " does not report cases");
    }
    errors["channel"] = std::string("a ") + access::RoleName(actor.role) +
                        " cannot report through channel " + in.channel;
  }
  auto kind = catalog::ParseKind(in.category_kind.empty() ? "matter" : in.category_kind);
  if (!kind) errors["category_kind"] = "must be matter or component";
  auto urgency = catalog::ParseUrgency(in.urgency.empty() ? "normal" : in.urgency);
  if (!urgency) errors["urgency"] = "must be normal or urgent";
  if (in.description.empty()) errors["description"] = "required: say what is wrong";
  if (in.description.size() > kMaxDescriptionBytes) errors["description"] = "at most 4000 bytes";
  if (in.address.size() > kMaxAddressBytes) errors["address"] = "at most 500 bytes";
  if (!in.reporter_phone.empty() &&
      (in.reporter_phone.size() > kMaxPhoneLength ||
       in.reporter_phone.find_first_not_of("0123456789+-") != std::string::npos)) {
    errors["reporter_phone"] = "digits only, at most 20";
  }
  if (!in.lng) errors["lng"] = "required: longitude in WGS-84 degrees";
  if (!in.lat) errors["lat"] = "required: latitude in WGS-84 degrees";
  if (in.lng && (*in.lng < -180 || *in.lng > 180)) errors["lng"] = "must be within -180..180";
  if (in.lat && (*in.lat < -90 || *in.lat > 90)) errors["lat"] = "must be within -90..90";
  std::optional<catalog::Category> category;
  if (in.category_code.empty()) {
    errors["category_code"] = "required";
  } else if (kind) {
    auto found = catalog_.FindCategory(*kind, in.category_code);
    if (!found) return tl::unexpected(found.error());
    if (!*found) {
      errors["category_code"] =
          std::string("no ") + catalog::KindName(*kind) + " category " + in.category_code;
    } else if ((*found)->level < 2) {
      errors["category_code"] = "choose a type (5 digits), not the class " + in.category_code;
    } else {
      category = **found;
    }
  }
  if (auto st = CheckAttachments(actor, in.attachment_ids, nullptr); !st) {
    if (st.error().code != base::Code::kInvalidArgument) return tl::unexpected(st.error());
    errors["attachment_ids"] = st.error().fields.at("attachment_ids");
  }
  std::optional<areas::Located> located;
  if (in.lng && in.lat && !errors.count("lng") && !errors.count("lat")) {
    auto found = areas_.Locate(actor, geo::Point(*in.lng, *in.lat));
    if (!found && found.error().code != base::Code::kNotFound) return tl::unexpected(found.error());
    if (!found) {
      errors["lng"] = "the point lies outside every grid of this deployment";
    } else {
      located = std::move(*found);
    }
  }
  for (size_t i = 0; i < in.refs.size(); ++i) {
    if (in.refs[i].ref.empty() || in.refs[i].ref.size() > kMaxRefBytes) {
      errors["refs[" + std::to_string(i) + "]"] = "1..200 bytes";
    }
  }
  if (!errors.empty()) return base::InvalidFields("the report is invalid", std::move(errors));
  if (actor.role != Role::kResident && !areas::Within(actor.area_code, located->grid.code)) {
    return base::PermissionDenied("the point lies outside your area " + actor.area_code);
  }
  if (auto existing = Existing(actor, in.refs); !existing || *existing) {
    if (!existing) return tl::unexpected(existing.error());
    return std::move(**existing);
  }

  base::TimeMs now = clock_.NowMs();
  Case c;
  c.district_code = located->district.code;
  c.street_code = located->street.code;
  c.community_code = located->community.code;
  c.grid_code = located->grid.code;
  c.category_kind = *kind;
  c.category_code = in.category_code;
  c.description = in.description;
  c.address = in.address;
  c.lng = *in.lng;
  c.lat = *in.lat;
  c.channel = *channel;
  c.urgency = *urgency;
  c.state = CaseState::kReported;
  c.level = actor.role == Role::kCommunityWorker ? areas::AreaLevel::kCommunity
                                                 : areas::AreaLevel::kStreet;
  c.reporter_id = actor.user_id;
  c.reporter_phone = in.reporter_phone;
  c.anonymous = in.anonymous;
  c.created_at = now;
  c.updated_at = now;
  auto rule = catalog_.Suggest(c.category_kind, c.category_code, c.grid_code);
  if (!rule) return tl::unexpected(rule.error());
  if (*rule) c.suggested_department_id = (*rule)->department_id;
  if (auto st = StartStage(c, catalog::Stage::kRegister, now); !st) {
    return tl::unexpected(st.error());
  }

  CaseEvent event;
  event.action = "report";
  event.actor_id = actor.user_id;
  event.actor_role = access::RoleName(actor.role);
  event.actor_name = actor.username;
  event.at = now;
  event.note = in.description;
  event.to_state = CaseState::kReported;
  event.attachment_ids = in.attachment_ids;
  event.details["channel"] = ChannelName(c.channel);
  EventEffects effects{NoticesFor(c, event),
                       StatsFor(c, std::nullopt, event, calendar_.LocalDay(event.at)), in.refs,
                       OutboundTypeOf(event)};
  auto created = repo_.CreateCase(std::move(c), std::move(event), effects,
                                  CaseNumberPrefix(located->district.code, now, calendar_));
  if (!created && created.error().code == base::Code::kConflict && !in.refs.empty()) {
    // The same work order arrived twice at once: the other one made the case.
    auto existing = Existing(actor, in.refs);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing) return std::move(**existing);
  }
  if (!created) return tl::unexpected(created.error());
  return View(actor, std::move(*created), true);
}

base::Result<std::optional<CaseView>> CasesService::Existing(const access::Actor& actor,
                                                             const std::vector<CaseRef>& refs) {
  for (const auto& ref : refs) {
    auto id = repo_.FindCaseByRef(ref);
    if (!id) return tl::unexpected(id.error());
    if (!*id) continue;
    auto found = repo_.GetCase(**id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) continue;
    if (auto st = AuditShown(actor, {**found}, "detail"); !st) return tl::unexpected(st.error());
    auto view = View(actor, std::move(**found), true);
    if (!view) return tl::unexpected(view.error());
    view->existing = true;
    return std::optional<CaseView>(std::move(*view));
  }
  return std::optional<CaseView>();
}

base::Result<std::vector<CaseView>> CasesService::LikelyDuplicates(const access::Actor& actor,
                                                                   const DuplicateQuery& q) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  if (actor.role != Role::kDispatcher && actor.role != Role::kDistrictManager) {
    return base::PermissionDenied("only a grid centre looks for duplicates");
  }
  Errors errors;
  if (q.category_code.empty()) errors["category_code"] = "required";
  auto kind = catalog::ParseKind(q.category_kind.empty() ? "matter" : q.category_kind);
  if (!kind) errors["category_kind"] = "must be matter or component";
  if (!q.lng || *q.lng < -180 || *q.lng > 180) errors["lng"] = "required: -180..180";
  if (!q.lat || *q.lat < -90 || *q.lat > 90) errors["lat"] = "required: -90..90";
  if (q.radius_m < 1 || q.radius_m > 5000) errors["radius_m"] = "must be 1..5000";
  if (q.hours < 1 || q.hours > 24 * 90) errors["hours"] = "must be 1..2160";
  if (!errors.empty()) return base::InvalidFields("the query is invalid", std::move(errors));
  CaseQuery query;
  query.area_code = actor.area_code;
  query.category_codes = {q.category_code};
  query.states = {CaseState::kReported,   CaseState::kRegistered, CaseState::kDispatched,
                  CaseState::kInProgress, CaseState::kSuspended,  CaseState::kHandled,
                  CaseState::kVerified};
  query.now = clock_.NowMs();
  query.created_from = query.now - int64_t{q.hours} * 3600 * 1000;
  query.limit = kMaxPageSize;
  auto page = repo_.ListCases(query);
  if (!page) return tl::unexpected(page.error());
  const geo::Point at(*q.lng, *q.lat);
  std::vector<std::pair<double, Case>> near;
  for (auto& c : page->items) {
    const double m = geo::MetersBetween(at, geo::Point(c.lng, c.lat));
    if (c.category_kind == *kind && m <= q.radius_m && CanSee(actor, c)) {
      near.emplace_back(m, std::move(c));
    }
  }
  std::stable_sort(near.begin(), near.end(),  // equal distances: newest first
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  constexpr size_t kMaxDuplicates = 20;
  if (near.size() > kMaxDuplicates) near.resize(kMaxDuplicates);
  std::vector<Case> shown;
  for (const auto& [m, c] : near) shown.push_back(c);
  if (auto st = AuditShown(actor, shown, "duplicates"); !st) return tl::unexpected(st.error());
  std::vector<CaseView> out;
  for (auto& [m, c] : near) {
    auto view = View(actor, std::move(c), false);
    if (!view) return tl::unexpected(view.error());
    out.push_back(std::move(*view));
  }
  return out;
}

base::Result<std::optional<CaseView>> CasesService::GetForDelivery(int64_t id) {
  auto found = repo_.GetCase(id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return std::optional<CaseView>();
  const std::string phone = (*found)->reporter_phone;
  auto view = View(access::SystemActor(), std::move(**found), true);
  if (!view) return tl::unexpected(view.error());
  view->c.reporter_phone = phone;
  return std::optional<CaseView>(std::move(*view));
}

base::Result<std::vector<CaseView>> CasesService::ListPublic(const PublicQuery& query) {
  CaseQuery q;
  q.area_code = query.district_code;
  q.numbers = query.numbers;
  q.category_codes = query.category_codes;
  q.states = query.states;
  q.created_from = query.from;
  q.created_to = query.to;
  q.limit = query.limit;
  q.now = clock_.NowMs();
  auto page = repo_.ListCases(q);
  if (!page) return tl::unexpected(page.error());
  std::vector<CaseView> out;
  out.reserve(page->items.size());
  for (auto& c : page->items) {
    auto view = PublicView(std::move(c));
    if (!view) return tl::unexpected(view.error());
    out.push_back(std::move(*view));
  }
  return out;
}

base::Result<std::optional<CaseView>> CasesService::FindPublicByRef(const CaseRef& ref) {
  auto id = repo_.FindCaseByRef(ref);
  if (!id) return tl::unexpected(id.error());
  if (!*id) return std::optional<CaseView>();
  auto found = repo_.GetCase(**id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return std::optional<CaseView>();
  auto view = PublicView(std::move(**found));
  if (!view) return tl::unexpected(view.error());
  return std::optional<CaseView>(std::move(*view));
}

base::Result<CaseView> CasesService::PublicView(Case c) {
  c.reporter_id = 0;
  c.reporter_phone.clear();
  auto view = View(access::SystemActor(), std::move(c), false);
  if (view) view->allowed_actions.clear();
  return view;
}

base::Result<int64_t> CasesService::LatestCaseId(const access::Actor& actor) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  auto district = areas::AncestorAt(actor.area_code, areas::AreaLevel::kDistrict);
  if (!district || actor.role == Role::kResident || actor.role == Role::kDepartmentHandler) {
    return int64_t{0};
  }
  return repo_.LatestCaseId(*district);
}

base::Result<CaseView> CasesService::Get(const access::Actor& actor, int64_t id) {
  if (actor.user_id == 0 && actor.role != Role::kSystem)
    return base::Unauthenticated("log in first");
  auto found = repo_.GetCase(id);
  if (!found) return tl::unexpected(found.error());
  if (!*found || !CanSee(actor, **found)) return base::NotFound("no case " + std::to_string(id));
  if (auto st = AuditShown(actor, {**found}, "detail"); !st) return tl::unexpected(st.error());
  return View(actor, std::move(**found), true);
}

base::Result<CaseQuery> CasesService::ScopedQuery(const access::Actor& actor, const ListInput& in) {
  if (actor.user_id == 0 && actor.role != Role::kSystem) {
    return base::Unauthenticated("log in first");
  }
  Errors errors;
  CaseQuery q;
  // state: one token, a comma-separated list, or "open" for every open state.
  size_t start = 0;
  while (start < in.state.size()) {
    size_t end = in.state.find(',', start);
    if (end == std::string::npos) end = in.state.size();
    std::string token = in.state.substr(start, end - start);
    if (token == "open") {
      for (auto s : {CaseState::kReported, CaseState::kRegistered, CaseState::kDispatched,
                     CaseState::kInProgress, CaseState::kSuspended, CaseState::kHandled,
                     CaseState::kVerified}) {
        q.states.push_back(s);
      }
    } else if (auto state = ParseState(token)) {
      q.states.push_back(*state);
    } else {
      errors["state"] = "unknown state '" + token + "'";
    }
    start = end + 1;
  }
  if (!in.area.empty() && !areas::LevelOfCode(in.area)) {
    errors["area"] = "not an area code: '" + in.area + "'";
  }
  if (in.page < 1) errors["page"] = "must be 1 or more";
  if (in.page_size < 1 || in.page_size > kMaxPageSize) errors["page_size"] = "must be 1..200";
  if (!errors.empty()) return base::InvalidFields("the query is invalid", std::move(errors));
  q.department_id = in.department_id;
  q.overdue_only = in.overdue_only;
  q.now = clock_.NowMs();
  q.offset = (in.page - 1) * in.page_size;
  q.limit = in.page_size;
  if (!in.area.empty()) q.area_code = in.area;

  // Narrow the query to what the actor may see.
  switch (actor.role) {
    case Role::kAdmin:
    case Role::kSystem:
      break;
    case Role::kResident:
      q.reporter_id = actor.user_id;
      break;
    case Role::kDepartmentHandler:
      if (!actor.department_id) {
        return base::PermissionDenied("this handler account has no department");
      }
      if (in.department_id && *in.department_id != *actor.department_id) {
        return base::PermissionDenied("a handler lists only its own department's cases");
      }
      q.department_id = actor.department_id;
      break;
    default:
      if (!q.area_code || areas::Within(*q.area_code, actor.area_code)) {
        q.area_code = actor.area_code;
      } else if (!areas::Within(actor.area_code, *q.area_code)) {
        return base::PermissionDenied("area " + *q.area_code + " is outside your area " +
                                      actor.area_code);
      }
  }
  return q;
}

base::Result<CaseListView> CasesService::List(const access::Actor& actor, const ListInput& in) {
  auto q = ScopedQuery(actor, in);
  if (!q) return tl::unexpected(q.error());
  auto page = repo_.ListCases(*q);
  if (!page) return tl::unexpected(page.error());
  CaseListView out;
  out.total = page->total;
  out.total_capped = page->total_capped;
  if (auto st = AuditShown(actor, page->items, "list"); !st) return tl::unexpected(st.error());
  for (auto& c : page->items) {
    auto view = View(actor, std::move(c), false);
    if (!view) return tl::unexpected(view.error());
    out.items.push_back(std::move(*view));
  }
  return out;
}

base::Result<std::vector<CaseView>> CasesService::Export(const access::Actor& actor, ListInput in) {
  in.page = 1;
  in.page_size = 1;
  auto q = ScopedQuery(actor, in);
  if (!q) return tl::unexpected(q.error());
  q->offset = 0;
  q->limit = kMaxExportRows + 1;
  auto page = repo_.ListCases(*q);
  if (!page) return tl::unexpected(page.error());
  if (page->items.size() > static_cast<size_t>(kMaxExportRows)) {
    return base::Fail(base::Code::kResourceExhausted,
                      "more than " + std::to_string(kMaxExportRows) +
                          " cases match; narrow the filters (state, area, department)");
  }
  if (auto st = AuditShown(actor, page->items, "export"); !st) return tl::unexpected(st.error());
  std::vector<CaseView> out;
  out.reserve(page->items.size());
  for (auto& c : page->items) {
    auto view = View(actor, std::move(c), false);
    if (!view) return tl::unexpected(view.error());
    out.push_back(std::move(*view));
  }
  return out;
}

base::Result<std::vector<std::pair<std::string, int64_t>>> CasesService::Count(
    const access::Actor& actor, const ListInput& in, const std::string& by) {
  CaseGroup group = CaseGroup::kState;
  if (by == "street") {
    group = CaseGroup::kStreet;
  } else if (by == "community") {
    group = CaseGroup::kCommunity;
  } else if (by == "grid") {
    group = CaseGroup::kGrid;
  } else if (by == "department") {
    group = CaseGroup::kDepartment;
  } else if (by != "state" && !by.empty()) {
    return base::InvalidArgument("by", "must be state, street, community, grid or department");
  }
  auto q = ScopedQuery(actor, in);
  if (!q) return tl::unexpected(q.error());
  return repo_.CountCases(*q, group);
}

base::Status CasesService::AuditShown(const access::Actor& actor, const std::vector<Case>& cases,
                                      const std::string& via) {
  std::vector<audit::Record> records;
  const base::TimeMs now = clock_.NowMs();
  for (const auto& c : cases) {
    if (ShowsPersonalData(actor, c)) records.push_back(PersonalDataRecord(actor, c, via, now));
  }
  if (records.empty()) return base::Ok();
  return audit_.Append(records);
}

base::Result<std::vector<Case>> CasesService::ReportedBy(const access::Actor& actor,
                                                         int64_t user_id) {
  CaseQuery q;
  q.reporter_id = user_id;
  q.now = clock_.NowMs();
  q.limit = kMaxExportRows;
  auto page = repo_.ListCases(q);
  if (!page) return tl::unexpected(page.error());
  if (actor.user_id != user_id) {
    // The account itself (its phone), then each case with a phone.
    std::vector<audit::Record> records{audit::Record{
        q.now,
        areas::AncestorAt(actor.area_code, areas::AreaLevel::kDistrict).value_or(actor.area_code),
        audit::kPersonalDataRead, actor.user_id, "user:" + std::to_string(user_id),
        std::string("account via personal data export by ") + access::RoleName(actor.role)}};
    for (const auto& c : page->items) {
      if (!c.reporter_phone.empty()) {
        records.push_back(PersonalDataRecord(actor, c, "personal data export", q.now));
      }
    }
    if (auto st = audit_.Append(records); !st) return tl::unexpected(st.error());
  }
  return std::move(page->items);
}

base::Status CasesService::AuditSent(const Case& c, const std::string& via) {
  if (c.reporter_phone.empty()) return base::Ok();
  return audit_.Append({PersonalDataRecord(access::SystemActor(), c, via, clock_.NowMs())});
}

base::Result<CaseView> CasesService::View(const access::Actor& actor, Case c, bool with_history) {
  CaseView v;
  auto clock = ViewClock(c, clock_.NowMs(), calendar_);
  v.light = clock.light;
  v.time_left_ms = clock.time_left_ms;
  v.allowed_actions = AllowedActions(actor, c);
  const bool identity_hidden = c.anonymous && !MayUnmaskPhone(actor, c);
  if (!MayUnmaskPhone(actor, c)) c.reporter_phone = MaskPhone(c.reporter_phone);
  if (identity_hidden) c.reporter_id = 0;  // anonymous to all but the centre and themself
  if (c.suggested_department_id) {
    auto d = catalog_.FindDepartment(*c.suggested_department_id);
    if (!d) return tl::unexpected(d.error());
    v.suggested_department = *d;
  }
  if (c.department_id) {
    auto d = catalog_.FindDepartment(*c.department_id);
    if (!d) return tl::unexpected(d.error());
    v.department = *d;
  }
  auto category = catalog_.FindCategory(c.category_kind, c.category_code);
  if (!category) return tl::unexpected(category.error());
  v.category = *category;
  if (with_history) {
    auto events = repo_.ListEvents(c.id, c.district_code);
    if (!events) return tl::unexpected(events.error());
    v.history = std::move(*events);
    auto refs = repo_.ListRefs(c.id);
    if (!refs) return tl::unexpected(refs.error());
    v.refs = std::move(*refs);
    if (identity_hidden) {
      for (auto& e : v.history) {
        if (e.action == "report") {
          e.actor_id = 0;
          e.actor_name.clear();
        }
      }
    }
  }
  v.c = std::move(c);
  return v;
}

}  // namespace civicgrid::cases
