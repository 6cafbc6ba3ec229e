#include "api/webhook_body.h"

#include <nlohmann/json.hpp>

#include "api/dto.h"

namespace civicgrid::api {

std::string WebhookBody(const webhooks::Delivery& d, const cases::CaseView& view,
                        const cases::CaseEvent& event, bool personal) {
  const cases::Case& c = view.c;
  nlohmann::json kase = {{"id", c.id},
                         {"number", c.number},
                         {"state", cases::StateName(event.to_state)},
                         {"channel", cases::ChannelName(c.channel)},
                         {"category_kind", catalog::KindName(c.category_kind)},
                         {"category_code", c.category_code},
                         {"category_name", view.category ? view.category->name : ""},
                         {"district_code", c.district_code},
                         {"street_code", c.street_code},
                         {"community_code", c.community_code},
                         {"grid_code", c.grid_code},
                         {"address", c.address},
                         {"lng", c.lng},
                         {"lat", c.lat},
                         {"reported_at", IsoTime(c.created_at)}};
  if (personal) kase["reporter_phone"] = c.reporter_phone;
  // A hotline work order's id ("hotline:<key id>"), so that the city system knows its order.
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& r : view.refs) {
    if (r.system.rfind("hotline:", 0) == 0) refs.push_back({{"system", r.system}, {"id", r.ref}});
  }
  kase["external_ids"] = refs;
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [k, v] : event.details) details[k] = v;
  nlohmann::json out = {{"delivery_id", d.id},
                        {"type", d.event_type},
                        {"occurred_at", IsoTime(event.at)},
                        {"case", kase},
                        {"event",
                         {{"id", event.id},
                          {"action", event.action},
                          {"actor_role", event.actor_role},
                          {"at", IsoTime(event.at)},
                          {"note", event.note},
                          {"details", details}}}};
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace civicgrid::api
