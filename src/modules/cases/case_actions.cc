// CasesService::Act: one step of the closed loop, validated, authorized and applied with its
// event in one transaction.
#include <algorithm>
#include <map>
#include <set>

#include "modules/areas/area_code.h"
#include "modules/cases/cases_service.h"
#include "modules/cases/deadline.h"
#include "modules/cases/outbound.h"
#include "modules/cases/policy.h"

namespace civicgrid::cases {
namespace {

using access::Role;
using catalog::Stage;

constexpr size_t kMaxTextBytes = 4000;
constexpr int kMaxExtensionHours = 720;
constexpr int kMaxScore = 5;

std::string Join(const std::vector<int64_t>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty()) out += ",";
    out += std::to_string(id);
  }
  return out;
}

bool Serves(const catalog::Department& d, const std::string& grid_code) {
  return std::any_of(d.area_codes.begin(), d.area_codes.end(),
                     [&](const std::string& area) { return areas::Within(area, grid_code); });
}

}  // namespace

base::Result<CaseView> CasesService::Act(const access::Actor& actor, int64_t id,
                                         const std::string& action, const ActionInput& in) {
  if (actor.user_id == 0 && actor.role != Role::kSystem)
    return base::Unauthenticated("log in first");
  auto actions = AllActions();
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
    return base::NotFound("no action '" + action + "'");
  }
  auto found = repo_.GetCase(id);
  if (!found) return tl::unexpected(found.error());
  if (!*found || !CanSee(actor, **found)) return base::NotFound("no case " + std::to_string(id));
  Case c = std::move(**found);
  const std::optional<int64_t> department_before = c.department_id;

  std::string outcome;
  if (action == "verify") {
    if (in.result != "pass" && in.result != "fail") {
      return base::InvalidArgument("result", "must be pass or fail");
    }
    outcome = in.result;
  }
  std::optional<Satisfaction> satisfaction;
  if (action == "rate") {
    satisfaction = ParseSatisfaction(in.satisfaction);
    // The first unsatisfied answer sends the case back; a second one is recorded only.
    if (satisfaction == Satisfaction::kUnsatisfied && c.reopen_count == 0 &&
        c.state == CaseState::kClosed) {
      outcome = c.department_id ? "rework" : "reopen";
    }
  }
  auto t = FindTransition(c.state, action, outcome);
  if (!t) {
    return base::FailedPrecondition(
        "'" + action + "' is not allowed while the case is " + StateName(c.state),
        AllowedActions(actor, c));
  }
  if (!MayTake(actor, c, *t)) {
    return base::PermissionDenied("you may not '" + action + "' this case");
  }
  if (in.reason.size() > kMaxTextBytes)
    return base::InvalidArgument("reason", "at most 4000 bytes");
  if (in.note.size() > kMaxTextBytes) return base::InvalidArgument("note", "at most 4000 bytes");
  if (auto st = CheckAttachments(actor, in.attachment_ids, &c); !st) {
    return tl::unexpected(st.error());
  }

  const base::TimeMs now = clock_.NowMs();
  CaseEvent event;
  event.case_id = c.id;
  event.action = action;
  event.actor_id = actor.user_id;
  event.actor_role = access::RoleName(actor.role);
  event.actor_name = actor.username;
  event.at = now;
  event.note = in.reason.empty() ? in.note : in.reason;
  event.from_state = c.state;
  event.to_state = t->to;
  event.attachment_ids = in.attachment_ids;
  std::vector<CaseChange> changes;

  // A step that ends the running stage records how long it took and whether it was late, so that
  // the indicators can be recomputed from the events alone (docs/evaluation.md).
  if (!t->keeps_state && action != "suspend" && action != "resume") {
    RecordStageEnd(c, event, now);
  }

  auto require_reason = [&](const char* why) -> base::Status {
    if (in.reason.empty()) return base::InvalidArgument("reason", why);
    return base::Ok();
  };
  auto fail = [](const base::Status& st) { return tl::unexpected(st.error()); };

  if (action == "self_handle") {
    if (in.attachment_ids.empty()) {
      return base::InvalidArgument("attachment_ids", "a photo of the fixed problem is required");
    }
    StopClock(c);
    c.closed_at = now;
  } else if (action == "register") {
    StopClock(c);
  } else if (action == "reject") {
    if (auto st = require_reason("say why the case is not registered"); !st) return fail(st);
    StopClock(c);
    c.closed_at = now;
  } else if (action == "merge") {
    if (!in.into_case_id) return base::InvalidArgument("into_case_id", "required: the main case");
    if (*in.into_case_id == c.id) {
      return base::InvalidArgument("into_case_id", "a case cannot be merged into itself");
    }
    auto main = repo_.GetCase(*in.into_case_id);
    if (!main) return tl::unexpected(main.error());
    if (!*main || !CanSee(actor, **main)) {
      return base::InvalidArgument("into_case_id", "no case " + std::to_string(*in.into_case_id));
    }
    if (!IsOpen((*main)->state)) {
      return base::InvalidArgument("into_case_id", "the main case is no longer open");
    }
    if (!areas::Within(actor.area_code, (*main)->grid_code)) {
      return base::InvalidArgument("into_case_id", "the main case lies outside your area");
    }
    CaseEvent absorbed;
    absorbed.case_id = (*main)->id;
    absorbed.action = "merged_in";
    absorbed.actor_id = actor.user_id;
    absorbed.actor_role = event.actor_role;
    absorbed.actor_name = actor.username;
    absorbed.at = now;
    absorbed.note = "duplicate case " + c.number + " merged in";
    absorbed.from_state = (*main)->state;
    absorbed.to_state = (*main)->state;
    absorbed.details["merged_case_id"] = std::to_string(c.id);
    Case main_case = std::move(**main);
    main_case.updated_at = now;
    changes.push_back({std::move(main_case), std::move(absorbed), {}});
    c.merged_into = *in.into_case_id;
    event.details["into_case_id"] = std::to_string(*in.into_case_id);
    StopClock(c);
    c.closed_at = now;
  } else if (action == "dispatch") {
    if (!in.department_id) return base::InvalidArgument("department_id", "required");
    auto dept = catalog_.FindDepartment(*in.department_id);
    if (!dept) return tl::unexpected(dept.error());
    if (!*dept) {
      return base::InvalidArgument("department_id",
                                   "no department " + std::to_string(*in.department_id));
    }
    if (!Serves(**dept, c.grid_code)) {
      return base::InvalidArgument("department_id",
                                   (*dept)->name + " does not serve grid " + c.grid_code);
    }
    std::set<int64_t> seen{*in.department_id};
    for (int64_t other : in.assisting_department_ids) {
      auto d = catalog_.FindDepartment(other);
      if (!d) return tl::unexpected(d.error());
      if (!*d || !seen.insert(other).second) {
        return base::InvalidArgument("assisting_department_ids",
                                     "unknown or repeated department " + std::to_string(other));
      }
      if (!Serves(**d, c.grid_code)) {
        return base::InvalidArgument("assisting_department_ids",
                                     (*d)->name + " does not serve grid " + c.grid_code);
      }
    }
    c.department_id = in.department_id;
    c.assisting_department_ids = in.assisting_department_ids;
    event.details["department_id"] = std::to_string(*in.department_id);
    if (!in.assisting_department_ids.empty()) {
      event.details["assisting_department_ids"] = Join(in.assisting_department_ids);
    }
    if (auto st = StartStage(c, Stage::kClaim, now); !st) return fail(st);
  } else if (action == "claim") {
    if (auto st = StartStage(c, Stage::kHandle, now); !st) return fail(st);
  } else if (action == "return") {
    if (auto st = require_reason("say why the case is not your department's"); !st) return fail(st);
    event.details["department_id"] = std::to_string(c.department_id.value_or(0));
    c.department_id.reset();
    c.assisting_department_ids.clear();
    c.pending_extension_hours.reset();
    c.pending_extension_reason.clear();
    c.return_count++;
    StopClock(c);
  } else if (action == "request_extension") {
    if (!in.hours || *in.hours < 1 || *in.hours > kMaxExtensionHours) {
      return base::InvalidArgument("hours", "required: 1 to 720 more hours");
    }
    if (auto st = require_reason("say why more time is needed"); !st) return fail(st);
    c.pending_extension_hours = *in.hours;
    c.pending_extension_reason = in.reason;
    event.details["hours"] = std::to_string(*in.hours);
  } else if (action == "approve_extension") {
    int hours = c.pending_extension_hours.value_or(0);
    ExtendClock(c, hours, calendar_);
    c.extension_count++;
    c.pending_extension_hours.reset();
    c.pending_extension_reason.clear();
    event.details["hours"] = std::to_string(hours);
  } else if (action == "deny_extension") {
    c.pending_extension_hours.reset();
    c.pending_extension_reason.clear();
  } else if (action == "suspend") {
    if (auto st = require_reason("say why the case is paused"); !st) return fail(st);
    PauseClock(c, now, calendar_);
    c.suspend_count++;
  } else if (action == "resume") {
    ResumeClock(c, now, calendar_);
  } else if (action == "report_handled") {
    if (in.note.empty() && in.reason.empty()) {
      return base::InvalidArgument("note", "required: say what was done");
    }
    if (in.attachment_ids.empty()) {
      return base::InvalidArgument("attachment_ids", "at least one photo of the result");
    }
    if (auto st = StartStage(c, Stage::kVerify, now); !st) return fail(st);
  } else if (action == "verify") {
    event.details["result"] = outcome;
    if (outcome == "pass") {
      StopClock(c);
    } else {
      if (in.reason.empty() && in.note.empty()) {
        return base::InvalidArgument("reason", "required: say what is still wrong");
      }
      c.rework_count++;
      if (auto st = StartStage(c, Stage::kHandle, now); !st) return fail(st);
    }
  } else if (action == "close") {
    StopClock(c);
    c.closed_at = now;
    RecordClosure(c, event);
  } else if (action == "rate") {
    std::map<std::string, std::string> errors;
    if (!satisfaction)
      errors["satisfaction"] = "required: satisfied, basically_satisfied or unsatisfied";
    if (!in.solved) errors["solved"] = "required: true or false";
    if (in.score && (*in.score < 1 || *in.score > kMaxScore)) errors["score"] = "1 to 5 when given";
    if (satisfaction == Satisfaction::kUnsatisfied && in.reason.empty()) {
      errors["reason"] = "required: say what is still wrong";
    }
    if (!errors.empty())
      return base::InvalidFields("the callback answer is invalid", std::move(errors));
    c.rating_score = in.score.value_or(0);
    c.satisfaction = satisfaction;
    c.solved = in.solved;
    event.details["satisfaction"] = SatisfactionName(*satisfaction);
    event.details["solved"] = *in.solved ? "true" : "false";
    if (in.score) event.details["score"] = std::to_string(*in.score);
    if (!outcome.empty()) {
      // Reopened for rework once: the case runs its loop again and is asked again when closed.
      event.details["reopened"] = "true";
      c.reopen_count++;
      c.satisfaction.reset();
      c.solved.reset();
      c.closed_at = 0;
      if (outcome == "rework") {
        c.rework_count++;
        if (auto st = StartStage(c, Stage::kHandle, now); !st) return fail(st);
      }
    }
  } else if (action == "escalate") {
    if (auto st = require_reason("say why the case goes up a level"); !st) return fail(st);
    event.details["from_level"] = areas::LevelName(c.level);
    c.level = c.level == areas::AreaLevel::kCommunity ? areas::AreaLevel::kStreet
                                                      : areas::AreaLevel::kDistrict;
    event.details["to_level"] = areas::LevelName(c.level);
  } else if (action == "warn") {
    if (c.department_id) event.details["department_id"] = std::to_string(*c.department_id);
  } else if (action == "supervise") {
    c.supervise_count++;
    if (c.department_id) event.details["department_id"] = std::to_string(*c.department_id);
  }

  c.state = t->to;
  c.updated_at = now;
  EventEffects effects{NoticesFor(c, event),
                       StatsFor(c, department_before, event, calendar_.LocalDay(now)),
                       {},
                       OutboundTypeOf(event)};
  changes.push_back({c, std::move(event), std::move(effects)});
  if (auto st = repo_.ApplyChanges(changes); !st) return tl::unexpected(st.error());
  auto fresh = repo_.GetCase(id);
  if (!fresh) return tl::unexpected(fresh.error());
  if (!*fresh) return base::Internal("case vanished after an update");
  if (auto st = AuditShown(actor, {**fresh}, "action"); !st) return tl::unexpected(st.error());
  return View(actor, std::move(**fresh), true);
}

}  // namespace civicgrid::cases
