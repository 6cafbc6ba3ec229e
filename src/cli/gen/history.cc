#include "cli/gen/history.h"

#include <algorithm>

#include "cli/gen/random.h"
#include "modules/areas/area_code.h"
#include "modules/cases/deadline.h"
#include "modules/catalog/routing.h"

namespace civicgrid::cli::gen {
namespace {

using cases::Case;
using cases::CaseEvent;
using cases::CaseState;
using catalog::Stage;

constexpr base::TimeMs kMinute = 60'000;
constexpr base::TimeMs kHour = 60 * kMinute;
constexpr base::TimeMs kDay = 24 * kHour;
// Asia/Shanghai: local midnight is 16:00 UTC the day before.
constexpr base::TimeMs kLocalOffset = 8 * kHour;

// Spreads case i over the history: cases are created in order, 80% of each day's reports in the
// ten working hours 08:00–18:00 local time and the rest over the other fourteen.
base::TimeMs CreatedAt(const HistoryInputs& in, int64_t index, Random& rng) {
  double position = (static_cast<double>(index) + rng.Unit()) / static_cast<double>(in.total_cases);
  double span_days = static_cast<double>(in.until - in.start) / kDay;
  double day_position = position * span_days;
  auto day = static_cast<int64_t>(day_position);
  double f = day_position - static_cast<double>(day);  // fraction of the day's reports
  double local_hour = 0;
  if (f < 0.08) {
    local_hour = f / 0.08 * 8;  // 00:00–08:00
  } else if (f < 0.88) {
    local_hour = 8 + (f - 0.08) / 0.80 * 10;  // 08:00–18:00
  } else {
    local_hour = 18 + (f - 0.88) / 0.12 * 6;  // 18:00–24:00
  }
  base::TimeMs local_midnight =
      in.start +
      ((in.start + kLocalOffset) % kDay == 0 ? 0 : kDay - (in.start + kLocalOffset) % kDay);
  return local_midnight + day * kDay + static_cast<base::TimeMs>(local_hour * kHour);
}

}  // namespace

HistoryGenerator::HistoryGenerator(HistoryInputs in) : in_(std::move(in)) {}

std::optional<base::Duration> HistoryGenerator::Limit(const catalog::Category& type,
                                                      catalog::Urgency urgency, Stage stage) {
  int index = static_cast<int>(&type - in_.types.data());
  auto key = std::make_tuple(index, urgency, stage);
  auto it = limits_.find(key);
  if (it != limits_.end()) return it->second;
  auto rule = catalog::MatchTimeLimit(in_.time_limits, type.kind, type.code, urgency, stage);
  std::optional<base::Duration> limit;
  if (rule) limit = rule->duration;
  limits_.emplace(key, limit);
  return limit;
}

int64_t HistoryGenerator::Department(const catalog::Category& type, const std::string& grid_code,
                                     const std::string& street_code) {
  // Generated rules name streets and districts, never grids: one answer per street.
  std::string key = street_code + "|" + catalog::KindName(type.kind) + "|" + type.code;
  auto it = departments_.find(key);
  if (it != departments_.end()) return it->second;
  auto rule = catalog::MatchResponsibility(in_.rules, type.kind, type.code, grid_code);
  int64_t id = rule ? rule->department_id : in_.fallback_department_id;
  departments_.emplace(key, id);
  return id;
}

storage::sql::CaseHistory HistoryGenerator::Make(int64_t index, int64_t id) {
  Random rng(in_.seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(index));
  const base::WorkingCalendar& cal = *in_.calendar;
  const GridStaff& grid = in_.grids[rng.Below(in_.grids.size())];
  const catalog::Category& type = in_.types[rng.Below(in_.types.size())];
  std::string street_code = *areas::AncestorAt(grid.grid_code, areas::AreaLevel::kStreet);
  const StreetStaff& street = in_.streets.at(street_code);

  storage::sql::CaseHistory h;
  Case& c = h.c;
  c.id = id;
  c.district_code = *areas::AncestorAt(grid.grid_code, areas::AreaLevel::kDistrict);
  c.street_code = street_code;
  c.community_code = *areas::AncestorAt(grid.grid_code, areas::AreaLevel::kCommunity);
  c.grid_code = grid.grid_code;
  c.category_kind = type.kind;
  c.category_code = type.code;
  c.description = type.name + "（合成案件）";
  c.address = "合成地址 " + std::to_string(1 + rng.Below(999)) + " 号";
  c.lng = grid.lng + (rng.Unit() * 2 - 1) * grid.half_size * 0.9;
  c.lat = grid.lat + (rng.Unit() * 2 - 1) * grid.half_size * 0.9;
  c.urgency = rng.Chance(0.05) ? catalog::Urgency::kUrgent : catalog::Urgency::kNormal;
  c.level = areas::AreaLevel::kStreet;

  // Who reported it.
  double channel = rng.Unit();
  int64_t reporter = grid.inspector_id;
  std::string reporter_name = grid.inspector_name;
  std::string reporter_role = "inspector";
  if (channel < 0.55) {
    c.channel = cases::Channel::kPatrol;
  } else if (channel < 0.85 && grid.resident_count > 0) {
    c.channel = cases::Channel::kResident;
    reporter = grid.first_resident_id + static_cast<int64_t>(rng.Below(grid.resident_count));
    reporter_name = "resident-" + std::to_string(reporter);
    reporter_role = "resident";
    c.reporter_phone = "139" + std::to_string(10000000 + reporter % 90000000);
  } else {
    c.channel = cases::Channel::kHotline;
    reporter = street.dispatcher_id;
    reporter_name = street.dispatcher_name;
    reporter_role = "dispatcher";
    c.reporter_phone = "138" + std::to_string(10000000 + rng.Below(90000000));
  }
  c.reporter_id = reporter;

  base::TimeMs t = CreatedAt(in_, index, rng);
  c.created_at = t;
  c.state = CaseState::kReported;
  cases::StartClock(c, Stage::kRegister, Limit(type, c.urgency, Stage::kRegister), t, cal);

  auto add = [&](const char* action, int64_t actor, const std::string& name, const char* role,
                 base::TimeMs at, CaseState to) -> CaseEvent& {
    CaseEvent e;
    e.case_id = id;
    e.action = action;
    e.actor_id = actor;
    e.actor_name = name;
    e.actor_role = role;
    e.at = at;
    if (!h.events.empty()) e.from_state = c.state;
    e.to_state = to;
    // The same facts CasesService::Act records when a step ends the running stage.
    const std::string_view a = action;
    if (to != c.state && a != "suspend" && a != "resume") cases::RecordStageEnd(c, e, at);
    c.state = to;
    c.updated_at = at;
    h.events.push_back(std::move(e));
    return h.events.back();
  };
  CaseEvent& report =
      add("report", reporter, reporter_name, reporter_role.c_str(), t, CaseState::kReported);
  report.note = c.description;
  report.details["channel"] = cases::ChannelName(c.channel);

  const base::TimeMs until = in_.until;
  // Each step happens at `next` unless that falls after the end of the history.
  auto step = [&](base::TimeMs delay) {
    t += std::max<base::TimeMs>(kMinute / 2, delay);
    return t < until;
  };
  auto minutes = [&](double mean) {
    return static_cast<base::TimeMs>(rng.Exponential(mean) * kMinute);
  };
  // A share of the stage's allowed time: most well inside it, about one in ten overdue.
  auto within = [&](double median, double sigma) {
    double allowed = static_cast<double>(std::max<base::TimeMs>(c.deadline_at - t, kHour));
    return static_cast<base::TimeMs>(allowed * rng.LogNormal(median, sigma));
  };
  auto finish = [&] {
    c.version = static_cast<int64_t>(h.events.size());
    return std::move(h);
  };

  // 即时处置: an inspector fixes a minor problem on the spot.
  if (c.channel == cases::Channel::kPatrol && rng.Chance(0.25)) {
    if (!step(minutes(20))) return finish();
    add("self_handle", reporter, reporter_name, "inspector", t, CaseState::kClosed);
    cases::StopClock(c);
    c.closed_at = t;
    return finish();
  }
  const std::string& dispatcher = street.dispatcher_name;
  int64_t dispatcher_id = street.dispatcher_id;
  if (!step(within(0.25, 0.8))) return finish();
  double fate = rng.Unit();
  if (fate < 0.03) {
    add("reject", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kRejected).note =
        "不属于受理范围";
    cases::StopClock(c);
    return finish();
  }
  if (fate < 0.05 && id > 1) {
    c.merged_into = id - 1 - static_cast<int64_t>(rng.Below(std::min<int64_t>(id - 1, 50)));
    add("merge", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kMerged)
        .details["into_case_id"] = std::to_string(*c.merged_into);
    cases::StopClock(c);
    return finish();
  }
  add("register", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kRegistered);
  cases::StopClock(c);

  int64_t department = Department(type, grid.grid_code, street_code);
  c.suggested_department_id = department;
  bool returned = rng.Chance(0.08);
  for (int round = 0; round < (returned ? 2 : 1); ++round) {
    if (!step(minutes(25))) return finish();
    int64_t target = round == 0 ? department : in_.fallback_department_id;
    c.department_id = target;
    add("dispatch", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kDispatched)
        .details["department_id"] = std::to_string(target);
    cases::StartClock(c, Stage::kClaim, Limit(type, c.urgency, Stage::kClaim), t, cal);
    if (round == 0 && returned) {
      if (!step(minutes(90))) return finish();
      const auto& [handler_id, handler] = in_.handlers.at(target);
      CaseEvent& e =
          add("return", handler_id, handler, "department_handler", t, CaseState::kRegistered);
      e.note = "非本单位职责";
      e.details["department_id"] = std::to_string(target);
      c.department_id.reset();
      c.return_count++;
      cases::StopClock(c);
    }
  }
  const auto& [handler_id, handler] = in_.handlers.at(*c.department_id);
  if (!step(within(0.3, 0.9))) return finish();
  add("claim", handler_id, handler, "department_handler", t, CaseState::kInProgress);
  cases::StartClock(c, Stage::kHandle, Limit(type, c.urgency, Stage::kHandle), t, cal);

  for (int attempt = 0; attempt < 2; ++attempt) {
    if (rng.Chance(0.04)) {  // 延期: asked for and approved
      if (!step(within(0.3, 0.5))) return finish();
      CaseEvent& ask = add("request_extension", handler_id, handler, "department_handler", t,
                           CaseState::kInProgress);
      ask.note = "需协调材料";
      ask.details["hours"] = "24";
      c.pending_extension_hours = 24;
      c.pending_extension_reason = ask.note;
      if (!step(minutes(60))) return finish();
      add("approve_extension", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kInProgress)
          .details["hours"] = "24";
      cases::ExtendClock(c, 24, cal);
      c.extension_count++;
      c.pending_extension_hours.reset();
      c.pending_extension_reason.clear();
    }
    if (rng.Chance(0.02)) {  // 挂账: paused while something outside the department is awaited
      if (!step(within(0.2, 0.5))) return finish();
      add("suspend", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kSuspended).note =
          "待产权方确认";
      cases::PauseClock(c, t, cal);
      c.suspend_count++;
      if (!step(static_cast<base::TimeMs>(rng.LogNormal(2, 0.6) * kDay))) return finish();
      add("resume", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kInProgress);
      cases::ResumeClock(c, t, cal);
    }
    base::TimeMs handled = t + within(0.45, 0.6);  // about one in eleven past the deadline
    if (c.deadline_at > 0 && handled > c.deadline_at && rng.Chance(0.6)) {
      base::TimeMs supervise = c.deadline_at + minutes(120);
      if (supervise < handled) {
        t = supervise;
        if (t >= until) return finish();
        add("supervise", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kInProgress)
            .details["department_id"] = std::to_string(*c.department_id);
        c.supervise_count++;
      }
    }
    if (!step(handled - t)) return finish();
    add("report_handled", handler_id, handler, "department_handler", t, CaseState::kHandled).note =
        "已处置";
    cases::StartClock(c, Stage::kVerify, Limit(type, c.urgency, Stage::kVerify), t, cal);
    if (!step(within(0.3, 0.6))) return finish();
    bool pass = attempt == 1 || !rng.Chance(0.07);
    CaseEvent& verify = add("verify", grid.inspector_id, grid.inspector_name, "inspector", t,
                            pass ? CaseState::kVerified : CaseState::kInProgress);
    verify.details["result"] = pass ? "pass" : "fail";
    if (pass) {
      cases::StopClock(c);
      break;
    }
    verify.note = "现场仍有问题";
    c.rework_count++;
    cases::StartClock(c, Stage::kHandle, Limit(type, c.urgency, Stage::kHandle), t, cal);
  }
  if (!step(minutes(40))) return finish();
  cases::RecordClosure(
      c, add("close", dispatcher_id, dispatcher, "dispatcher", t, CaseState::kClosed));
  c.closed_at = t;

  if (c.channel == cases::Channel::kResident && rng.Chance(0.75)) {
    if (!step(static_cast<base::TimeMs>(rng.Exponential(6) * kHour))) return finish();
    double r = rng.Unit();
    auto satisfaction = r < 0.85   ? cases::Satisfaction::kSatisfied
                        : r < 0.96 ? cases::Satisfaction::kBasicallySatisfied
                                   : cases::Satisfaction::kUnsatisfied;
    bool solved = satisfaction != cases::Satisfaction::kUnsatisfied;
    // An unsatisfied answer is recorded without the reopening a live callback would cause: the
    // generated history ends with the case closed.
    CaseEvent& rate = add("rate", reporter, reporter_name, "resident", t, CaseState::kClosed);
    rate.details["satisfaction"] = cases::SatisfactionName(satisfaction);
    rate.details["solved"] = solved ? "true" : "false";
    rate.note = solved ? "" : "问题没有解决";
    c.satisfaction = satisfaction;
    c.solved = solved;
  }
  return finish();
}

}  // namespace civicgrid::cli::gen
