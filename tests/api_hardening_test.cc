// Regression tests for the review of the core slice: re-imports keep the map, anonymity holds
// outside the centre, photos are the uploader's own, assisting departments must serve the grid,
// only residents rate, and role scopes match their level.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

HttpResult Act(const std::string& token, int64_t id, const std::string& action,
               const nlohmann::json& body = nlohmann::json::object()) {
  return Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
}

int64_t HandlerDepartment() {
  return Server()
      .Get("/api/v1/auth/me", Server().Login("department_handler"))
      .json["department_id"]
      .get<int64_t>();
}

TEST(ApiHardeningTest, CsvReimportKeepsPolygonsAndCentres) {
  std::string admin = Server().Login("admin");
  std::string grid = Server().Get("/api/v1/auth/me", Server().Login("inspector")).json["area_code"];
  auto before = Server().Get("/api/v1/areas/" + grid + "?boundary=true", admin).json;
  ASSERT_TRUE(before["boundary"].is_object());
  std::string csv = "code,name,level,parent_code,grid_leader\n" + grid + "," +
                    before["name"].get<std::string>() + ",grid," +
                    before["parent_code"].get<std::string>() + ",新格长\n";
  ASSERT_EQ(Server().Request("POST", "/api/v1/areas/import", csv, admin, "text/csv").status, 200);
  auto after = Server().Get("/api/v1/areas/" + grid + "?boundary=true", admin).json;
  EXPECT_EQ(after["grid_leader"], "新格长");
  EXPECT_EQ(after["boundary"], before["boundary"]);
  EXPECT_EQ(after["center"], before["center"]);
  auto [lng, lat] = Demo::InspectorPoint();
  auto located = Server().Get(
      "/api/v1/areas/locate?lng=" + std::to_string(lng) + "&lat=" + std::to_string(lat), admin);
  EXPECT_EQ(located.json["grid"]["code"], grid);
}

TEST(ApiHardeningTest, AnonymousReportersAreHiddenOutsideTheCentre) {
  std::string resident = Server().Login("resident");
  auto [lng, lat] = Demo::InspectorPoint();
  auto created = Server().Post("/api/v1/cases",
                               {{"category_code", "06010"},
                                {"description", "匿名反映"},
                                {"lng", lng},
                                {"lat", lat},
                                {"channel", "resident"},
                                {"anonymous", true}},
                               resident);
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json["id"].get<int64_t>();
  std::string dispatcher = Server().Login("dispatcher");
  ASSERT_EQ(Act(dispatcher, id, "register").status, 200);
  ASSERT_EQ(Act(dispatcher, id, "dispatch", {{"department_id", HandlerDepartment()}}).status, 200);
  auto as_handler =
      Server().Get("/api/v1/cases/" + std::to_string(id), Server().Login("department_handler"));
  EXPECT_EQ(as_handler.json["reporter_id"], 0);
  EXPECT_EQ(as_handler.json["history"][0]["actor"]["username"], "");
  auto as_centre = Server().Get("/api/v1/cases/" + std::to_string(id), dispatcher);
  EXPECT_NE(as_centre.json["reporter_id"], 0);
  EXPECT_EQ(as_centre.json["history"][0]["actor"]["username"], Server().Username("resident"));
}

TEST(ApiHardeningTest, PhotosOfOthersCannotBeAttachedAndAssistantsMustServe) {
  std::string inspector = Server().Login("inspector");
  std::string handler = Server().Login("department_handler");
  std::string dispatcher = Server().Login("dispatcher");
  auto created = Demo::Report(inspector, "patrol");
  int64_t id = created["id"].get<int64_t>();
  ASSERT_EQ(Act(dispatcher, id, "register").status, 200);

  // A department of another street may not assist.
  int64_t other_street_department = 0;
  auto departments = Server().Get("/api/v1/departments", dispatcher);
  for (const auto& d : departments.json["items"]) {
    if (d["area_codes"][0] == "310105002000") other_street_department = d["id"].get<int64_t>();
  }
  ASSERT_NE(other_street_department, 0);
  auto bad = Act(dispatcher, id, "dispatch",
                 {{"department_id", HandlerDepartment()},
                  {"assisting_department_ids", {other_street_department}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(bad.json["error"]["fields"].contains("assisting_department_ids"));

  ASSERT_EQ(Act(dispatcher, id, "dispatch", {{"department_id", HandlerDepartment()}}).status, 200);
  ASSERT_EQ(Act(handler, id, "claim").status, 200);
  // The inspector's own photo (different bytes from the handler's) is not the handler's proof.
  std::string jpeg = "\xFF\xD8\xFF\xE0 inspector photo";
  auto upload = Server().Request("POST", "/api/v1/attachments", jpeg, inspector, "image/jpeg");
  ASSERT_EQ(upload.status, 201) << upload.body;
  auto stolen = Act(handler, id, "report_handled",
                    {{"note", "已处理"}, {"attachment_ids", {upload.json["id"]}}});
  EXPECT_EQ(stolen.status, 422) << stolen.body;
  EXPECT_TRUE(stolen.json["error"]["fields"].contains("attachment_ids"));
  // Nor can the handler download it: it is on no case the handler can see.
  EXPECT_EQ(
      Server().Get("/api/v1/attachments/" + upload.json["id"].get<std::string>(), handler).status,
      404);
}

TEST(ApiHardeningTest, OnlyResidentsRateAndScopesMatchRoles) {
  std::string inspector = Server().Login("inspector");
  auto created = Demo::Report(inspector, "patrol");
  int64_t id = created["id"].get<int64_t>();
  std::string photo = Demo::UploadPhoto(inspector);
  auto closed = Act(inspector, id, "self_handle", {{"attachment_ids", {photo}}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json["allowed_actions"], nlohmann::json::array());
  EXPECT_EQ(Act(inspector, id, "rate", {{"score", 5}, {"solved", true}}).status, 403);

  std::string admin = Server().Login("admin");
  auto r = Server().Post("/api/v1/users",
                         {{"username", "district_dispatcher"},
                          {"password", "long-enough"},
                          {"role", "dispatcher"},
                          {"area_code", "310105000000"}},
                         admin);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.json["error"]["fields"].contains("area_code"));
  auto score = Act(Server().Login("resident"), id, "rate", {{"score", 4294967301LL}});
  EXPECT_NE(score.status, 200);
}

}  // namespace
}  // namespace civicgrid::testing
