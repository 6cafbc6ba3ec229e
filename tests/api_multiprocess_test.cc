// Several serve processes on one database: a second server started on the same database and
// data directory sees the first one's sessions, cases, photos and area imports.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

TEST(ApiMultiprocessTest, TwoServersShareSessionsCasesPhotosAndTheGridIndex) {
  std::unique_ptr<TestServer> sibling = Server().StartSibling();
  const TestServer& a = Server();
  const TestServer& b = *sibling;

  // A token issued by one process is honoured by the other.
  std::string inspector = a.Login("inspector");
  std::string dispatcher = b.Login("dispatcher");
  EXPECT_EQ(b.Get("/api/v1/auth/me", inspector).status, 200);

  // Reports through both get distinct numbers from one sequence; each side acts on the other's.
  auto first = Demo::Report(inspector, "patrol");
  auto [lng, lat] = Demo::InspectorPoint();
  auto second = b.Post("/api/v1/cases",
                       {{"category_code", "06010"},
                        {"description", "另一进程上报"},
                        {"lng", lng},
                        {"lat", lat},
                        {"channel", "patrol"}},
                       inspector);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_NE(first["number"], second.json["number"]);
  auto registered =
      b.Post("/api/v1/cases/" + std::to_string(first["id"].get<int64_t>()) + "/actions/register",
             nlohmann::json::object(), dispatcher);
  EXPECT_EQ(registered.status, 200) << registered.body;
  EXPECT_EQ(a.Get("/api/v1/cases/" + std::to_string(first["id"].get<int64_t>()), dispatcher)
                .json["state"],
            "registered");

  // A photo uploaded through one is served by the other.
  std::string photo = Demo::UploadPhoto(inspector);
  auto bytes = b.Get("/api/v1/attachments/" + photo, inspector);
  EXPECT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, TinyPng());

  // A grid imported through one process is found by the other's locate without a restart, within
  // the second each process may keep answering from its copy of the areas (the import's own
  // process sees it at once).
  const std::string where = "/api/v1/areas/locate?lng=121.6005&lat=31.1005";
  std::string admin = a.Login("admin");
  EXPECT_EQ(b.Get(where, admin).status, 404);
  nlohmann::json fc = {{"type", "FeatureCollection"},
                       {"features",
                        {{{"type", "Feature"},
                          {"properties",
                           {{"code", "310105001001961"},
                            {"name", "跨进程网格"},
                            {"level", "grid"},
                            {"parent_code", "310105001001"}}},
                          {"geometry",
                           {{"type", "Polygon"},
                            {"coordinates",
                             {{{121.600, 31.100},
                               {121.601, 31.100},
                               {121.601, 31.101},
                               {121.600, 31.101},
                               {121.600, 31.100}}}}}}}}}};
  ASSERT_EQ(
      a.Request("POST", "/api/v1/areas/import", fc.dump(), admin, "application/geo+json").status,
      200);
  EXPECT_EQ(a.Get(where, admin).status, 200);
  auto located = b.Get(where, admin);
  for (int i = 0; i < 30 && located.status == 404; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    located = b.Get(where, admin);
  }
  ASSERT_EQ(located.status, 200) << located.body;
  EXPECT_EQ(located.json["grid"]["code"], "310105001001961");
}

}  // namespace
}  // namespace civicgrid::testing
