// Every class of denial over HTTP: no token, another street, another resident, another
// department, read-only roles, wrong roles, illegal transitions. Each leaves the case unchanged.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

std::string CreateUser(const std::string& role, const std::string& area,
                       std::optional<int64_t> department = std::nullopt) {
  static int n = 0;
  std::string admin = Server().Login("admin");
  std::string name = "extra_" + role + std::to_string(++n);
  nlohmann::json body = {
      {"username", name}, {"password", "password-" + name}, {"role", role}, {"area_code", area}};
  if (department) body["department_id"] = *department;
  auto r = Server().Post("/api/v1/users", body, admin);
  EXPECT_EQ(r.status, 201) << r.body;
  return Server().LoginAs(name, "password-" + name);
}

// The case as the street centre sees it: state and number of events.
std::pair<std::string, size_t> Snapshot(int64_t id) {
  auto r = Server().Get("/api/v1/cases/" + std::to_string(id), Server().Login("dispatcher"));
  return {r.json["state"], r.json["history"].size()};
}

HttpResult Act(const std::string& token, int64_t id, const std::string& action,
               const nlohmann::json& body = nlohmann::json::object()) {
  return Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
}

void ExpectError(const HttpResult& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.json.is_object()) << r.body;
  EXPECT_EQ(r.json["error"]["code"], code) << r.body;
  EXPECT_TRUE(r.json["error"]["message"].is_string());
  EXPECT_TRUE(r.json["error"]["fields"].is_object());
}

TEST(ApiAccessTest, AuthenticationIsRequired) {
  ExpectError(Server().Get("/api/v1/cases"), 401, "unauthenticated");
  ExpectError(Server().Get("/api/v1/cases", "not-a-token"), 401, "unauthenticated");
  ExpectError(Server().Get("/api/v1/areas/310105000000"), 401, "unauthenticated");
  ExpectError(Server().Post("/api/v1/auth/login", {{"username", "admin"}, {"password", "wrong"}}),
              401, "unauthenticated");
  std::string token = Server().Login("resident");
  ASSERT_EQ(Server().Post("/api/v1/auth/logout", nlohmann::json::object(), token).status, 200);
  ExpectError(Server().Get("/api/v1/cases", token), 401, "unauthenticated");
}

TEST(ApiAccessTest, ScopeAndRoleDenialsLeaveTheCaseUnchanged) {
  std::string resident = Server().Login("resident");
  auto created = Demo::Report(resident, "resident", "13812345678");
  int64_t id = created["id"].get<int64_t>();
  auto before = Snapshot(id);

  // A dispatcher of another street neither sees nor touches it.
  std::string other_dispatcher = CreateUser("dispatcher", "310105002000");
  ExpectError(Server().Get("/api/v1/cases/" + std::to_string(id), other_dispatcher), 404,
              "not_found");
  ExpectError(Act(other_dispatcher, id, "register"), 404, "not_found");
  ExpectError(Server().Get("/api/v1/cases?area=310105001000", other_dispatcher), 403,
              "permission_denied");
  // Another resident does not see it.
  std::string other_resident = CreateUser("resident", "310105000000");
  ExpectError(Server().Get("/api/v1/cases/" + std::to_string(id), other_resident), 404,
              "not_found");
  EXPECT_EQ(Server().Get("/api/v1/cases", other_resident).json["total"], 0);
  // The leader sees it but may not act.
  std::string leader = Server().Login("leader");
  EXPECT_EQ(Server().Get("/api/v1/cases/" + std::to_string(id), leader).status, 200);
  ExpectError(Act(leader, id, "register"), 403, "permission_denied");
  // The inspector of the grid may not register; the reporter may not either.
  ExpectError(Act(Server().Login("inspector"), id, "register"), 403, "permission_denied");
  ExpectError(Act(resident, id, "register"), 403, "permission_denied");
  // A handler sees nothing that was not dispatched to its department.
  std::string handler = Server().Login("department_handler");
  ExpectError(Server().Get("/api/v1/cases/" + std::to_string(id), handler), 404, "not_found");
  EXPECT_EQ(Snapshot(id), before);

  // After dispatch, only the dispatched department's handler may claim.
  std::string dispatcher = Server().Login("dispatcher");
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();
  ASSERT_EQ(Act(dispatcher, id, "register").status, 200);
  ASSERT_EQ(Act(dispatcher, id, "dispatch", {{"department_id", dept}}).status, 200);
  std::string other_handler = CreateUser("department_handler", "310105001000", dept + 1);
  ExpectError(Act(other_handler, id, "claim"), 404, "not_found");
  ExpectError(Act(dispatcher, id, "claim"), 403, "permission_denied");

  // Phone numbers: the centre and the reporter see them; nobody else does.
  auto phone_as = [&](const std::string& token) {
    return Server().Get("/api/v1/cases/" + std::to_string(id), token).json["reporter_phone"];
  };
  EXPECT_EQ(phone_as(dispatcher), "13812345678");
  EXPECT_EQ(phone_as(resident), "13812345678");
  EXPECT_EQ(phone_as(handler), "138****5678");
  EXPECT_EQ(phone_as(leader), "138****5678");
  EXPECT_EQ(phone_as(Server().Login("admin")), "138****5678");
}

TEST(ApiAccessTest, IllegalTransitionsAnswer409WithTheAllowedActions) {
  std::string dispatcher = Server().Login("dispatcher");
  auto created = Demo::Report(Server().Login("inspector"), "patrol");
  int64_t id = created["id"].get<int64_t>();
  auto before = Snapshot(id);
  for (const char* action : {"dispatch", "close", "resume", "approve_extension", "supervise"}) {
    auto r = Act(dispatcher, id, action, {{"department_id", 1}});
    ExpectError(r, 409, "failed_precondition");
    EXPECT_EQ(r.json["error"]["allowed_actions"],
              nlohmann::json({"register", "reject", "merge", "escalate"}))
        << action;
  }
  ExpectError(Act(Server().Login("inspector"), id, "verify", {{"result", "pass"}}), 409,
              "failed_precondition");
  ExpectError(Act(dispatcher, id, "fly"), 404, "not_found");
  EXPECT_EQ(Snapshot(id), before);
  ASSERT_EQ(Act(dispatcher, id, "reject", {{"reason", "重复上报"}}).status, 200);
  ExpectError(Act(dispatcher, id, "register"), 409, "failed_precondition");
}

TEST(ApiAccessTest, AdministrationIsForAdmins) {
  std::string resident = Server().Login("resident");
  ExpectError(Server().Post("/api/v1/users",
                            {{"username", "mallory"},
                             {"password", "12345678"},
                             {"role", "admin"},
                             {"area_code", "310105000000"}},
                            resident),
              403, "permission_denied");
  ExpectError(Server().Request("POST", "/api/v1/areas/import", "code,name,level,parent_code\n",
                               Server().Login("dispatcher"), "text/csv"),
              403, "permission_denied");
  ExpectError(Server().Get("/api/v1/users", resident), 403, "permission_denied");
}

}  // namespace
}  // namespace civicgrid::testing
