// Counts and map data for the workbenches: /cases/stats, state lists, /areas/{code}/grids.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

int64_t CountOf(const nlohmann::json& stats, const std::string& key) {
  for (const auto& item : stats["items"]) {
    if (item["key"] == key) return item["count"].get<int64_t>();
  }
  return 0;
}

TEST(ApiStatsTest, CountsFollowTheCallersScope) {
  std::string inspector = Server().Login("inspector");
  std::string dispatcher = Server().Login("dispatcher");
  std::string district = Server().Login("district_manager");
  auto before = Server().Get("/api/v1/cases/stats?by=state", dispatcher).json;
  auto created = Demo::Report(inspector, "patrol");
  auto after = Server().Get("/api/v1/cases/stats?by=state", dispatcher);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(CountOf(after.json, "reported"), CountOf(before, "reported") + 1);
  EXPECT_EQ(after.json["total"].get<int64_t>(), before["total"].get<int64_t>() + 1);

  auto by_street = Server().Get("/api/v1/cases/stats?by=street&state=open", district);
  ASSERT_EQ(by_street.status, 200);
  EXPECT_GE(CountOf(by_street.json, "310105001000"), 1);

  // A dispatcher of another street counts nothing of this one, and may not ask for it.
  std::string admin = Server().Login("admin");
  ASSERT_EQ(Server()
                .Post("/api/v1/users",
                      {{"username", "stats_other_dispatcher"},
                       {"password", "password-stats"},
                       {"role", "dispatcher"},
                       {"area_code", "310105004000"}},
                      admin)
                .status,
            201);
  std::string other = Server().LoginAs("stats_other_dispatcher", "password-stats");
  EXPECT_EQ(Server().Get("/api/v1/cases/stats?by=state", other).json["total"], 0);
  EXPECT_EQ(Server().Get("/api/v1/cases/stats?area=310105001000", other).status, 403);
  EXPECT_EQ(Server().Get("/api/v1/cases/stats?by=colour", dispatcher).status, 422);

  // The resident sees counts of their own reports only.
  std::string resident = Server().Login("resident");
  auto mine = Server().Get("/api/v1/cases/stats", resident).json["total"].get<int64_t>();
  auto listed = Server().Get("/api/v1/cases?page_size=1", resident).json["total"].get<int64_t>();
  EXPECT_EQ(mine, listed);
}

TEST(ApiStatsTest, StateListsAndOpenFilter) {
  std::string dispatcher = Server().Login("dispatcher");
  auto created = Demo::Report(Server().Login("inspector"), "patrol");
  int64_t id = created["id"].get<int64_t>();
  auto contains = [&](const std::string& query) {
    auto r = Server().Get("/api/v1/cases?page_size=200&" + query, dispatcher);
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& item : r.json["items"]) {
      if (item["id"] == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(contains("state=reported,registered"));
  EXPECT_TRUE(contains("state=open"));
  EXPECT_FALSE(contains("state=closed,rejected"));
  EXPECT_EQ(Server().Get("/api/v1/cases?state=reported,lost", dispatcher).status, 422);
}

TEST(ApiStatsTest, GridsOfAStreetForTheMap) {
  std::string token = Server().Login("dispatcher");
  auto grids = Server().Get("/api/v1/areas/310105001000/grids?boundary=true", token);
  ASSERT_EQ(grids.status, 200) << grids.body.substr(0, 200);
  ASSERT_GT(grids.json["total"].get<int>(), 21);  // more grids than the street's 21 communities
  int with_polygon = 0;
  for (const auto& g : grids.json["items"]) {
    EXPECT_EQ(g["code"].get<std::string>().substr(0, 9), "310105001");
    EXPECT_EQ(g["level"], "grid");
    if (g["boundary"].is_object() && g["boundary"]["type"] == "MultiPolygon") ++with_polygon;
  }
  // Every demo grid has a polygon; other tests may add a grid imported from a bare CSV row.
  EXPECT_GE(with_polygon, grids.json["total"].get<int>() - 2);
  EXPECT_EQ(Server().Get("/api/v1/areas/310105999000/grids", token).status, 404);
}

}  // namespace
}  // namespace civicgrid::testing
