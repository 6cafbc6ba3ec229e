// /api/v1/admin/api-keys: the keys other systems submit with (Open311 apps, a city hotline).
#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {
namespace {

nlohmann::json KeyJson(const auth::ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"purpose", k.purpose},
          {"district_code", k.district_code},
          {"per_minute", k.per_minute},
          {"user_id", k.user_id},
          {"created_by", k.created_by},
          {"created_at", IsoTime(k.created_at)},
          {"revoked", k.revoked_at != 0},
          {"revoked_at", k.revoked_at ? nlohmann::json(IsoTime(k.revoked_at)) : nullptr}};
}

}  // namespace

void AddApiKeyRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/admin/api-keys", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto keys = s.api_keys->List(actor);
      if (!keys) return ErrorResponse(keys.error());
      nlohmann::json items = nlohmann::json::array();
      for (const auto& k : *keys) items.push_back(KeyJson(k));
      return JsonResponse(200, {{"items", items}});
    });
  });

  router.Add("POST", "/api/v1/admin/api-keys", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto body = ParseObject(r.body, false);
      if (!body) return ErrorResponse(body.error());
      Fields f(*body);
      auth::NewApiKey in;
      in.name = f.String("name", true);
      in.purpose = f.String("purpose", true);
      in.district_code = f.String("district_code", true);
      in.per_minute = f.Integer("per_minute").value_or(60);
      if (auto st = f.Check(); !st) return ErrorResponse(st.error());
      auto issued = s.api_keys->Issue(actor, in);
      if (!issued) return ErrorResponse(issued.error());
      nlohmann::json out = KeyJson(issued->first);
      out["api_key"] = issued->second;  // shown once
      return JsonResponse(201, out);
    });
  });

  router.Add("POST", "/api/v1/admin/api-keys/{id}/revoke",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto id = ParseInt(p.at("id"));
                 if (!id) return ErrorResponse(base::NotFound("no key " + p.at("id")).value());
                 if (auto st = s.api_keys->Revoke(actor, *id); !st) {
                   return ErrorResponse(st.error());
                 }
                 return JsonResponse(200, {{"id", *id}, {"revoked", true}});
               });
             });
}

}  // namespace civicgrid::api
