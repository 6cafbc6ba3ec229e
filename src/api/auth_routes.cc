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
    auto session = s.auth->Login(username, password);
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
}

}  // namespace civicgrid::api
