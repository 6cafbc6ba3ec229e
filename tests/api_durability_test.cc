// Every write the API acknowledged survives a crash: SIGKILL the server, start it again on the
// same data directory, and read everything back.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

TEST(ApiDurabilityTest, AcknowledgedWritesSurviveSigkill) {
  std::string inspector = Server().Login("inspector");
  std::string dispatcher = Server().Login("dispatcher");
  constexpr int kCases = 5;
  std::vector<int64_t> ids;
  ids.reserve(kCases);
  for (int i = 0; i < kCases; ++i)
    ids.push_back(Demo::Report(inspector, "patrol")["id"].get<int64_t>());
  auto registered = Server().Post("/api/v1/cases/" + std::to_string(ids[0]) + "/actions/register",
                                  nlohmann::json::object(), dispatcher);
  ASSERT_EQ(registered.status, 200);
  std::string photo = Demo::UploadPhoto(inspector);

  Server().CrashAndRestart();

  std::string again = Server().Login("dispatcher");  // users and passwords survived too
  for (int64_t id : ids) {
    auto r = Server().Get("/api/v1/cases/" + std::to_string(id), again);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto first = Server().Get("/api/v1/cases/" + std::to_string(ids[0]), again);
  EXPECT_EQ(first.json["state"], "registered");
  EXPECT_EQ(first.json["history"].size(), 2U);
  // The old token was stored too, so sessions survive a restart.
  EXPECT_EQ(Server().Get("/api/v1/cases/" + std::to_string(ids[1]), dispatcher).status, 200);
  auto bytes = Server().Get("/api/v1/attachments/" + photo, Server().Login("inspector"));
  EXPECT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, TinyPng());
  // And the grid index was rebuilt from storage: locating still works.
  auto [lng, lat] = Demo::InspectorPoint();
  EXPECT_EQ(
      Server()
          .Get("/api/v1/areas/locate?lng=" + std::to_string(lng) + "&lat=" + std::to_string(lat),
               again)
          .status,
      200);
}

}  // namespace
}  // namespace civicgrid::testing
