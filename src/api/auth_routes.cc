// /api/v1/auth/* and /api/v1/users.
#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {

void AddAuthRoutes(http::Router& router, const Services& s) {
  router.Add("POST", "/api/v1/auth/login", [&s](const http::Request& r, const http::Params&) {
    auto body = ParseObject(r.body, false);
    if (!body) return ErrorResponse(body.error());
    Fields f(*body);
    std::string username = f.String("username", true);
    std::string password = f.String("password", true);
    if (auto st = f.Check(); !st) return ErrorResponse(st.error());
    auto session = s.auth->Login(username, password, r.remote_address);
    if (!session) return ErrorResponse(session.error());
    return JsonResponse(200, {{"token", session->token},
                              {"expires_at", IsoTime(session->expires_at)},
                              {"user", UserJson(session->user)}});
  });
  router.Add("POST", "/api/v1/auth/logout", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor&) {
      std::string token = r.Header("authorization").substr(7);
      if (auto st = s.auth->Logout(token); !st) return ErrorResponse(st.error());
      return JsonResponse(200, {{"ok", true}});
    });
  });
  router.Add("GET", "/api/v1/auth/me", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto me = s.auth->Me(actor);
      if (!me) return ErrorResponse(me.error());
      return JsonResponse(200, UserJson(*me));
    });
  });
  router.Add("GET", "/api/v1/users", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto users = s.auth->ListUsers(actor);
      if (!users) return ErrorResponse(users.error());
      nlohmann::json items = nlohmann::json::array();
      for (const auto& u : *users) items.push_back(UserJson(u));
      return JsonResponse(200, {{"items", items}, {"total", items.size()}});
    });
  });
  router.Add("POST", "/api/v1/users", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto body = ParseObject(r.body, false);
      if (!body) return ErrorResponse(body.error());
      Fields f(*body);
      auth::NewUser in;
      in.username = f.String("username", true);
      in.password = f.String("password", true);
      in.display_name = f.String("display_name");
      in.phone = f.String("phone");
      in.role = f.String("role", true);
      in.area_code = f.String("area_code", true);
      in.department_id = f.Integer("department_id");
      if (auto st = f.Check(); !st) return ErrorResponse(st.error());
      auto user = s.auth->CreateUser(actor, in);
      if (!user) return ErrorResponse(user.error());
      return JsonResponse(201, UserJson(*user));
    });
  });
  // A person's data (PIPL art. 45): the account and the cases it reported, unmasked; for the
  // person or an administrator.
  router.Add("GET", "/api/v1/users/{id}/personal-data",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto id = ParseInt(p.at("id"));
                 if (!id) return ErrorResponse(base::NotFound("no user " + p.at("id")).value());
                 auto user = s.auth->PersonalRecord(actor, *id);
                 if (!user) return ErrorResponse(user.error());
                 auto reported = s.cases->ReportedBy(actor, *id);
                 if (!reported) return ErrorResponse(reported.error());
                 nlohmann::json account = UserJson(*user);
                 account["phone"] = user->phone;
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& c : *reported) {
                   items.push_back({{"id", c.id},
                                    {"number", c.number},
                                    {"reported_at", IsoTime(c.created_at)},
                                    {"state", cases::StateName(c.state)},
                                    {"description", c.description},
                                    {"address", c.address},
                                    {"lng", c.lng},
                                    {"lat", c.lat},
                                    {"reporter_phone", c.reporter_phone},
                                    {"anonymous", c.anonymous}});
                 }
                 return JsonResponse(200, {{"account", account},
                                           {"reported_cases", items},
                                           {"exported_at", IsoTime(s.clock->NowMs())}});
               });
             });
  router.Add("POST", "/api/v1/users/{id}/anonymise",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto id = ParseInt(p.at("id"));
                 if (!id) return ErrorResponse(base::NotFound("no user " + p.at("id")).value());
                 auto user = s.auth->Anonymise(actor, *id);
                 if (!user) return ErrorResponse(user.error());
                 return JsonResponse(200, UserJson(*user));
               });
             });
  // An administrator disables an account (its tokens stop working at once) or enables it again.
  for (const bool active : {false, true}) {
    router.Add("POST", std::string("/api/v1/users/{id}/") + (active ? "enable" : "disable"),
               [&s, active](const http::Request& r, const http::Params& p) {
                 return WithActor(s, r, [&](const access::Actor& actor) {
                   auto id = ParseInt(p.at("id"));
                   if (!id) return ErrorResponse(base::NotFound("no user " + p.at("id")).value());
                   auto user = s.auth->SetActive(actor, *id, active);
                   if (!user) return ErrorResponse(user.error());
                   return JsonResponse(200, UserJson(*user));
                 });
               });
  }
}

}  // namespace civicgrid::api
