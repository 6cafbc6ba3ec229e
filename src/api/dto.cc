#include "api/dto.h"

#include <boost/geometry.hpp>
#include <cstdio>
#include <ctime>

namespace civicgrid::api {
namespace {

constexpr int64_t kShanghaiOffsetSeconds = int64_t{8} * 3600;

nlohmann::json PolygonJson(const geo::MultiPolygon& mp) {
  nlohmann::json coords = nlohmann::json::array();
  for (const auto& poly : mp) {
    nlohmann::json rings = nlohmann::json::array();
    auto ring_json = [](const auto& ring) {
      nlohmann::json r = nlohmann::json::array();
      for (const auto& p : ring) r.push_back({p.x(), p.y()});
      return r;
    };
    rings.push_back(ring_json(poly.outer()));
    for (const auto& inner : poly.inners()) rings.push_back(ring_json(inner));
    coords.push_back(rings);
  }
  return {{"type", "MultiPolygon"}, {"coordinates", coords}};
}

nlohmann::json OptionalId(const std::optional<int64_t>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

}  // namespace

std::string IsoTime(base::TimeMs t) {
  if (t == 0) return "";
  std::time_t local = static_cast<std::time_t>(t / 1000 + kShanghaiOffsetSeconds);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[80];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

nlohmann::json AreaBrief(const areas::Area& a) {
  return {{"code", a.code}, {"name", a.name}, {"level", areas::LevelName(a.level)}};
}

nlohmann::json AreaJson(const areas::Area& a, bool with_boundary) {
  nlohmann::json j = AreaBrief(a);
  j["parent_code"] =
      a.parent_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.parent_code);
  j["vintage"] = a.vintage;
  if (a.center) {
    j["center"] = {{"lng", a.center->x()}, {"lat", a.center->y()}};
  } else {
    j["center"] = nullptr;
  }
  if (a.level == areas::AreaLevel::kGrid) {
    j["grid_type"] = areas::GridTypeName(a.grid_type);
    j["households"] = a.households;
    j["grid_leader"] = a.grid_leader;
    j["post_a"] = a.post_a;
    j["post_b"] = a.post_b;
  }
  if (with_boundary)
    j["boundary"] = a.boundary.empty() ? nlohmann::json(nullptr) : PolygonJson(a.boundary);
  return j;
}

nlohmann::json CategoryJson(const catalog::Category& c) {
  return {{"kind", catalog::KindName(c.kind)},
          {"code", c.code},
          {"level", c.level},
          {"name", c.name},
          {"parent_code", c.parent_code},
          {"standard", c.standard},
          {"legacy_code", c.legacy_code}};
}

nlohmann::json DepartmentJson(const catalog::Department& d) {
  return {{"id", d.id}, {"name", d.name}, {"kind", d.kind}, {"area_codes", d.area_codes}};
}

nlohmann::json UserJson(const auth::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", access::RoleName(u.role)},
          {"area_code", u.area_code},
          {"department_id", OptionalId(u.department_id)},
          {"active", u.active}};
}

nlohmann::json EventJson(const cases::CaseEvent& e) {
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [k, v] : e.details) details[k] = v;
  return {{"id", e.id},
          {"action", e.action},
          {"actor", {{"id", e.actor_id}, {"username", e.actor_name}, {"role", e.actor_role}}},
          {"at", IsoTime(e.at)},
          {"at_ms", e.at},
          {"note", e.note},
          {"from_state", e.from_state ? nlohmann::json(cases::StateName(*e.from_state))
                                      : nlohmann::json(nullptr)},
          {"to_state", cases::StateName(e.to_state)},
          {"attachment_ids", e.attachment_ids},
          {"details", details}};
}

nlohmann::json CaseJson(const cases::CaseView& v, bool with_history) {
  const cases::Case& c = v.c;
  nlohmann::json j = {
      {"id", c.id},
      {"number", c.number},
      {"state", cases::StateName(c.state)},
      {"level", areas::LevelName(c.level)},
      {"channel", cases::ChannelName(c.channel)},
      {"urgency", catalog::UrgencyName(c.urgency)},
      {"category_kind", catalog::KindName(c.category_kind)},
      {"category_code", c.category_code},
      {"category_name", v.category ? v.category->name : ""},
      {"description", c.description},
      {"address", c.address},
      {"lng", c.lng},
      {"lat", c.lat},
      {"district_code", c.district_code},
      {"street_code", c.street_code},
      {"community_code", c.community_code},
      {"grid_code", c.grid_code},
      {"reporter_id", c.reporter_id},
      {"reporter_phone", c.reporter_phone},
      {"anonymous", c.anonymous},
      {"suggested_department", v.suggested_department
                                   ? nlohmann::json{{"id", v.suggested_department->id},
                                                    {"name", v.suggested_department->name}}
                                   : nlohmann::json(nullptr)},
      {"department", v.department
                         ? nlohmann::json{{"id", v.department->id}, {"name", v.department->name}}
                         : nlohmann::json(nullptr)},
      {"assisting_department_ids", c.assisting_department_ids},
      {"stage", c.stage ? nlohmann::json(catalog::StageName(*c.stage)) : nlohmann::json(nullptr)},
      {"deadline",
       c.deadline_at ? nlohmann::json(IsoTime(c.deadline_at)) : nlohmann::json(nullptr)},
      {"deadline_ms", c.deadline_at ? nlohmann::json(c.deadline_at) : nlohmann::json(nullptr)},
      {"deadline_working_time", c.deadline_working},
      {"light", cases::LightName(v.light)},
      {"time_left_ms", v.time_left_ms ? nlohmann::json(*v.time_left_ms) : nlohmann::json(nullptr)},
      {"pending_extension_hours", c.pending_extension_hours
                                      ? nlohmann::json(*c.pending_extension_hours)
                                      : nlohmann::json(nullptr)},
      {"rating", c.satisfaction
                     ? nlohmann::json{{"satisfaction", cases::SatisfactionName(*c.satisfaction)},
                                      {"solved", c.solved.value_or(false)},
                                      {"score", c.rating_score ? nlohmann::json(c.rating_score)
                                                               : nlohmann::json(nullptr)}}
                     : nlohmann::json(nullptr)},
      {"reopened", c.reopen_count > 0},
      {"merged_into", OptionalId(c.merged_into)},
      {"counts",
       {{"returns", c.return_count},
        {"reworks", c.rework_count},
        {"supervisions", c.supervise_count},
        {"extensions", c.extension_count},
        {"suspensions", c.suspend_count},
        {"late_stages", c.overdue_count}}},
      {"created_at", IsoTime(c.created_at)},
      {"updated_at", IsoTime(c.updated_at)},
      {"closed_at", c.closed_at ? nlohmann::json(IsoTime(c.closed_at)) : nlohmann::json(nullptr)},
      {"allowed_actions", v.allowed_actions},
  };
  if (with_history) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& e : v.history) history.push_back(EventJson(e));
    j["history"] = history;
  }
  return j;
}

}  // namespace civicgrid::api
