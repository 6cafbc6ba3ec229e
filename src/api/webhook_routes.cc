// /api/v1/admin/webhooks: subscriptions of outgoing webhooks, and their deliveries with every
// attempt (what the administrator checks when a gateway says it heard nothing).
#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {
namespace {

nlohmann::json WebhookJson(const webhooks::Webhook& w) {
  nlohmann::json j = {{"id", w.id},
                      {"url", w.url},
                      {"events", w.events},
                      {"district_code", w.district_code},
                      {"personal_data", w.personal_data},
                      {"created_by", w.created_by},
                      {"created_at", IsoTime(w.created_at)},
                      {"active", w.active}};
  if (!w.secret.empty()) j["secret"] = w.secret;  // only when just created
  return j;
}

nlohmann::json DeliveryJson(const webhooks::Delivery& d) {
  nlohmann::json attempts = nlohmann::json::array();
  for (const auto& a : d.log) {
    attempts.push_back(
        {{"at", IsoTime(a.at)}, {"status", a.status}, {"error", a.error}, {"ms", a.ms}});
  }
  return {{"id", d.id},
          {"event_type", d.event_type},
          {"case_id", d.case_id},
          {"event_id", d.event_id},
          {"state", d.state},
          {"attempts", d.attempts},
          {"next_at", d.state == "pending" ? nlohmann::json(IsoTime(d.next_at)) : nullptr},
          {"created_at", IsoTime(d.created_at)},
          {"delivered_at", d.delivered_at ? nlohmann::json(IsoTime(d.delivered_at)) : nullptr},
          {"log", attempts}};
}

std::optional<int64_t> Id(const http::Params& p) {
  auto id = ParseInt(p.at("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

}  // namespace

void AddWebhookRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/admin/webhooks", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto list = s.webhooks->List(actor);
      if (!list) return ErrorResponse(list.error());
      nlohmann::json items = nlohmann::json::array();
      for (const auto& w : *list) items.push_back(WebhookJson(w));
      return JsonResponse(200, {{"items", items}});
    });
  });

  router.Add("POST", "/api/v1/admin/webhooks", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto body = ParseObject(r.body, false);
      if (!body) return ErrorResponse(body.error());
      Fields f(*body);
      webhooks::NewWebhook in;
      in.url = f.String("url", true);
      in.events = f.StringArray("events");
      in.district_code = f.String("district_code", true);
      in.personal_data = f.Bool("personal_data").value_or(false);
      if (auto st = f.Check(); !st) return ErrorResponse(st.error());
      auto created = s.webhooks->Create(actor, in);
      if (!created) return ErrorResponse(created.error());
      return JsonResponse(201, WebhookJson(*created));
    });
  });

  router.Add("POST", "/api/v1/admin/webhooks/{id}/deactivate",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto id = Id(p);
                 if (!id) return ErrorResponse(base::NotFound("no webhook " + p.at("id")).value());
                 if (auto st = s.webhooks->Deactivate(actor, *id); !st) {
                   return ErrorResponse(st.error());
                 }
                 return JsonResponse(200, {{"id", *id}, {"active", false}});
               });
             });

  router.Add("GET", "/api/v1/admin/webhooks/{id}/deliveries",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto id = Id(p);
                 if (!id) return ErrorResponse(base::NotFound("no webhook " + p.at("id")).value());
                 auto list = s.webhooks->Deliveries(actor, *id);
                 if (!list) return ErrorResponse(list.error());
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& d : *list) items.push_back(DeliveryJson(d));
                 return JsonResponse(200, {{"items", items}});
               });
             });
}

}  // namespace civicgrid::api
