// Bad input over HTTP: malformed JSON, wrong types, missing fields, oversized bodies, unknown
// ids, bad imports. Each gets the standard error body naming the field, and writes nothing.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

int64_t TotalCases(const std::string& token) {
  return Server().Get("/api/v1/cases?page_size=1", token).json["total"].get<int64_t>();
}

void ExpectField(const HttpResult& r, int status, const std::string& field) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.json.is_object()) << r.body;
  EXPECT_EQ(r.json["error"]["code"], "invalid_argument") << r.body;
  EXPECT_TRUE(r.json["error"]["fields"].contains(field)) << field << " in " << r.body;
}

TEST(ApiInputTest, BadReportsAreRejectedAndNothingIsWritten) {
  std::string resident = Server().Login("resident");
  std::string admin = Server().Login("admin");
  auto [lng, lat] = Demo::InspectorPoint();
  int64_t before = TotalCases(admin);
  nlohmann::json good = {{"category_code", "06010"},
                         {"description", "井盖缺失"},
                         {"lng", lng},
                         {"lat", lat},
                         {"channel", "resident"}};

  auto malformed = Server().Request("POST", "/api/v1/cases", "{\"category_code\": ", resident);
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_EQ(malformed.json["error"]["code"], "invalid_argument");

  auto not_object = Server().Request("POST", "/api/v1/cases", "[1,2]", resident);
  EXPECT_EQ(not_object.status, 400);

  auto wrong_type = good;
  wrong_type["lng"] = "east";
  wrong_type["description"] = 42;
  auto r = Server().Post("/api/v1/cases", wrong_type, resident);
  ExpectField(r, 422, "lng");
  EXPECT_TRUE(r.json["error"]["fields"].contains("description"));

  auto missing = good;
  missing.erase("description");
  missing.erase("category_code");
  r = Server().Post("/api/v1/cases", missing, resident);
  ExpectField(r, 422, "description");
  EXPECT_TRUE(r.json["error"]["fields"].contains("category_code"));

  auto unknown_category = good;
  unknown_category["category_code"] = "99999";
  ExpectField(Server().Post("/api/v1/cases", unknown_category, resident), 422, "category_code");

  auto outside = good;
  outside["lng"] = 116.39;  // Beijing
  outside["lat"] = 39.9;
  ExpectField(Server().Post("/api/v1/cases", outside, resident), 422, "lng");

  auto wrong_channel = good;
  wrong_channel["channel"] = "hotline";  // residents report as residents
  ExpectField(Server().Post("/api/v1/cases", wrong_channel, resident), 422, "channel");

  auto bad_photo = good;
  bad_photo["attachment_ids"] = {"deadbeef"};
  ExpectField(Server().Post("/api/v1/cases", bad_photo, resident), 422, "attachment_ids");

  std::string huge(size_t{2} * 1024 * 1024, 'x');
  auto oversized =
      Server().Request("POST", "/api/v1/cases", "{\"description\":\"" + huge + "\"}", resident);
  EXPECT_EQ(oversized.status, 413) << oversized.body.substr(0, 200);
  EXPECT_EQ(oversized.json["error"]["code"], "payload_too_large");

  EXPECT_EQ(TotalCases(admin), before);
}

TEST(ApiInputTest, BadActionInputAndUnknownIds) {
  std::string dispatcher = Server().Login("dispatcher");
  auto created = Demo::Report(Server().Login("inspector"), "patrol");
  std::string base = "/api/v1/cases/" + std::to_string(created["id"].get<int64_t>());
  ExpectField(Server().Post(base + "/actions/reject", nlohmann::json::object(), dispatcher), 422,
              "reason");
  ExpectField(Server().Post(base + "/actions/reject", {{"reason", 7}}, dispatcher), 422, "reason");
  ASSERT_EQ(Server().Post(base + "/actions/register", nlohmann::json::object(), dispatcher).status,
            200);
  ExpectField(Server().Post(base + "/actions/dispatch", nlohmann::json::object(), dispatcher), 422,
              "department_id");
  ExpectField(Server().Post(base + "/actions/dispatch", {{"department_id", 999999}}, dispatcher),
              422, "department_id");
  ExpectField(Server().Post(base + "/actions/dispatch", {{"department_id", "1"}}, dispatcher), 422,
              "department_id");
  EXPECT_EQ(Server().Get(base, dispatcher).json["state"], "registered");

  EXPECT_EQ(Server().Get("/api/v1/cases/987654321", dispatcher).status, 404);
  EXPECT_EQ(Server().Get("/api/v1/cases/abc", dispatcher).status, 404);
  EXPECT_EQ(
      Server()
          .Post("/api/v1/cases/987654321/actions/register", nlohmann::json::object(), dispatcher)
          .status,
      404);
  EXPECT_EQ(Server().Get("/api/v1/areas/310105999999", dispatcher).status, 404);
  EXPECT_EQ(Server().Get("/api/v1/nowhere", dispatcher).status, 404);
  ExpectField(Server().Get("/api/v1/cases?state=lost", dispatcher), 422, "state");
  ExpectField(Server().Get("/api/v1/cases?page_size=100000", dispatcher), 422, "page_size");
}

TEST(ApiInputTest, PhotosAreCheckedByContent) {
  std::string token = Server().Login("inspector");
  ExpectField(
      Server().Request("POST", "/api/v1/attachments", "GIF? no, plain text", token, "image/png"),
      422, "body");
  ExpectField(Server().Request("POST", "/api/v1/attachments", TinyPng(), token, "image/jpeg"), 422,
              "Content-Type");
  std::string big = TinyPng() + std::string(size_t{11} * 1024 * 1024, '\0');
  auto r = Server().Request("POST", "/api/v1/attachments", big, token, "image/png");
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
}

TEST(ApiInputTest, LocateInsideAndOutside) {
  std::string token = Server().Login("resident");
  auto [lng, lat] = Demo::InspectorPoint();
  auto r = Server().Get(
      "/api/v1/areas/locate?lng=" + std::to_string(lng) + "&lat=" + std::to_string(lat), token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["street"]["code"], "310105001000");
  EXPECT_EQ(r.json["district"]["code"], "310105000000");
  EXPECT_EQ(r.json["grid"]["code"].get<std::string>().size(), 15U);
  auto outside = Server().Get("/api/v1/areas/locate?lng=0&lat=0", token);
  EXPECT_EQ(outside.status, 404);
  EXPECT_EQ(outside.json["error"]["code"], "not_found");
  ExpectField(Server().Get("/api/v1/areas/locate?lng=abc&lat=31.2", token), 422, "lng");

  auto district = Server().Get("/api/v1/areas/310105000000/children", token);
  ASSERT_EQ(district.status, 200);
  EXPECT_EQ(district.json["total"], 10);
  auto street = Server().Get("/api/v1/areas/310105001000", token);
  EXPECT_EQ(street.json["level"], "street");
  EXPECT_TRUE(street.json["center"]["lng"].is_number());
}

TEST(ApiInputTest, AreaImportIsAllOrNothing) {
  std::string admin = Server().Login("admin");
  std::string csv =
      "code,name,level,parent_code,grid_type,households\n"
      "310105001001901,测试网格甲,grid,310105001001,routine,250\n"
      "310105001001902,测试网格乙,grid,310105009999,routine,250\n"
      "310105001001903,,grid,310105001001,routine,250\n";
  auto r = Server().Request("POST", "/api/v1/areas/import", csv, admin, "text/csv");
  ExpectField(r, 422, "line 3");
  EXPECT_TRUE(r.json["error"]["fields"].contains("line 4"));
  EXPECT_FALSE(r.json["error"]["fields"].contains("line 2"));
  EXPECT_EQ(Server().Get("/api/v1/areas/310105001001901", admin).status, 404);

  std::string good = "code,name,level,parent_code\n310105001001901,测试网格甲,grid,310105001001\n";
  r = Server().Request("POST", "/api/v1/areas/import", good, admin, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Server().Get("/api/v1/areas/310105001001901", admin).json["name"], "测试网格甲");
}

TEST(ApiInputTest, ResponsibilityImportValidatesEveryRowAndExports) {
  std::string admin = Server().Login("admin");
  auto before = Server().Get("/api/v1/responsibility", admin).json["total"];
  std::string csv =
      "category_kind,category_code,area_code,department,assisting_departments\n"
      "事项,06010,310105001000,长宁区城管执法大队,\n"
      "事项,77777,310105001000,长宁区城管执法大队,\n"
      "事项,06011,310105001000,不存在的部门,\n";
  auto r = Server().Request("POST", "/api/v1/responsibility/import", csv, admin, "text/csv");
  ExpectField(r, 422, "line 3");
  EXPECT_TRUE(r.json["error"]["fields"].contains("line 4"));
  EXPECT_EQ(Server().Get("/api/v1/responsibility", admin).json["total"], before);
  auto exported = Server().Get("/api/v1/responsibility.csv", admin);
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find("长宁区城管执法大队"), std::string::npos);
  EXPECT_EQ(Server().Get("/api/v1/responsibility.csv", Server().Login("resident")).status, 403);
}

}  // namespace
}  // namespace civicgrid::testing
