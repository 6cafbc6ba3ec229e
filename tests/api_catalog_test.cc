// The catalog and area administration over HTTP: reads for every signed-in user, GeoJSON and CSV
// imports for admins, user creation with field errors.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

TEST(ApiCatalogTest, CategoriesDepartmentsAndTimeLimitsAreListed) {
  std::string token = Server().Login("resident");
  auto categories = Server().Get("/api/v1/categories", token);
  ASSERT_EQ(categories.status, 200);
  EXPECT_EQ(categories.json["total"], 418);  // the national table: 5+153 components, 10+250 matters
  bool found = false;
  for (const auto& c : categories.json["items"]) {
    if (c["kind"] == "matter" && c["code"] == "06010") {
      found = true;
      EXPECT_EQ(c["parent_code"], "06");
      EXPECT_EQ(c["level"], 2);
    }
  }
  EXPECT_TRUE(found);
  auto departments = Server().Get("/api/v1/departments", token);
  ASSERT_EQ(departments.status, 200);
  EXPECT_EQ(departments.json["total"], 62);  // 2 district-wide + 6 in each of 10 streets
  auto limits = Server().Get("/api/v1/time-limits", token);
  ASSERT_EQ(limits.status, 200);
  bool claim = false;
  for (const auto& l : limits.json["items"]) {
    claim |= l["stage"] == "claim" && l["duration"] == 20 && l["unit"] == "working_minute";
  }
  EXPECT_TRUE(claim) << "the seeds' 20-minute claim limit";
}

TEST(ApiCatalogTest, GeoJsonImportConvertsGcj02AndValidatesEachFeature) {
  std::string admin = Server().Login("admin");
  // A small square in GCJ-02 around a point of 华阳路街道's first community.
  nlohmann::json square = {{"type", "Polygon"},
                           {"coordinates",
                            {{{121.4300, 31.2200},
                              {121.4310, 31.2200},
                              {121.4310, 31.2210},
                              {121.4300, 31.2210},
                              {121.4300, 31.2200}}}}};
  nlohmann::json fc = {{"type", "FeatureCollection"},
                       {"features",
                        {{{"type", "Feature"},
                          {"properties",
                           {{"code", "310105001001951"},
                            {"name", "导入网格"},
                            {"level", "grid"},
                            {"parent_code", "310105001001"},
                            {"households", 260}}},
                          {"geometry", square}},
                         {{"type", "Feature"},
                          {"properties",
                           {{"code", "310105001001952"},
                            {"name", "坏网格"},
                            {"level", "grid"},
                            {"parent_code", "310105001001"}}},
                          {"geometry", {{"type", "Point"}, {"coordinates", {121.43, 31.22}}}}}}}};
  auto bad = Server().Request("POST", "/api/v1/areas/import?crs=gcj02", fc.dump(), admin,
                              "application/geo+json");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(bad.json["error"]["fields"].contains("line 2")) << bad.body;
  EXPECT_EQ(Server().Get("/api/v1/areas/310105001001951", admin).status, 404);

  fc["features"].erase(1);
  auto good = Server().Request("POST", "/api/v1/areas/import?crs=gcj02", fc.dump(), admin,
                               "application/geo+json");
  ASSERT_EQ(good.status, 200) << good.body;
  auto area = Server().Get("/api/v1/areas/310105001001951?boundary=true", admin);
  ASSERT_EQ(area.status, 200);
  double lng = area.json["center"]["lng"].get<double>();
  double lat = area.json["center"]["lat"].get<double>();
  // Converted to WGS-84: in Shanghai GCJ-02 lies about 450 m east and 220 m south of WGS-84,
  // so the square's centre (121.4305, 31.2205 in GCJ-02) moves west and north.
  EXPECT_GT(lng, 121.4250);
  EXPECT_LT(lng, 121.4280);
  EXPECT_GT(lat, 31.2220);
  EXPECT_LT(lat, 31.2235);
  EXPECT_EQ(area.json["households"], 260);
  EXPECT_EQ(area.json["boundary"]["type"], "MultiPolygon");
}

TEST(ApiCatalogTest, UserCreationNamesEveryBadField) {
  std::string admin = Server().Login("admin");
  auto r = Server().Post("/api/v1/users",
                         {{"username", "a b"},
                          {"password", "short"},
                          {"role", "emperor"},
                          {"area_code", "999999999999"}},
                         admin);
  EXPECT_EQ(r.status, 422) << r.body;
  for (const char* field : {"username", "password", "role", "area_code"}) {
    EXPECT_TRUE(r.json["error"]["fields"].contains(field)) << field;
  }
  auto handler = Server().Post("/api/v1/users",
                               {{"username", "handler_without_department"},
                                {"password", "long-enough"},
                                {"role", "department_handler"},
                                {"area_code", "310105001000"}},
                               admin);
  EXPECT_EQ(handler.status, 422);
  EXPECT_TRUE(handler.json["error"]["fields"].contains("department_id"));
  auto dup = Server().Post("/api/v1/users",
                           {{"username", "dispatcher"},
                            {"password", "long-enough"},
                            {"role", "dispatcher"},
                            {"area_code", "310105001000"}},
                           admin);
  EXPECT_EQ(dup.status, 422);
  EXPECT_TRUE(dup.json["error"]["fields"].contains("username"));
}

}  // namespace
}  // namespace civicgrid::testing
