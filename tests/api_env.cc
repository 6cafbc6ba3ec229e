#include "api_env.h"

namespace civicgrid::testing {
namespace {

TestServer* g_server = nullptr;

class ServerEnvironment : public ::testing::Environment {
 public:
  // The shared server runs no scheduler: the supervision tests start siblings that do.
  // Webhook retries come quickly here (the webhook test waits for three attempts). Every test
  // comes from 127.0.0.1: the per-address limits are off here, and tested on siblings
  // (api_limits_test).
  void SetUp() override {
    g_server = new TestServer({"--scheduler-interval-ms", "0", "--webhook-poll-ms", "200",
                               "--webhook-backoff-ms", "300", "--reports-per-address-hour", "0",
                               "--login-failures-per-address", "0"});
  }
  void TearDown() override {
    delete g_server;
    g_server = nullptr;
  }
};

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new ServerEnvironment);

}  // namespace

TestServer& Server() { return *g_server; }

std::pair<double, double> Demo::InspectorPoint() {
  static std::pair<double, double> point = [] {
    std::string token = Server().Login("inspector");
    auto me = Server().Get("/api/v1/auth/me", token);
    auto grid = Server().Get("/api/v1/areas/" + me.json["area_code"].get<std::string>(), token);
    return std::make_pair(grid.json["center"]["lng"].get<double>(),
                          grid.json["center"]["lat"].get<double>());
  }();
  return point;
}

nlohmann::json Demo::Report(const std::string& token, const std::string& channel,
                            const std::string& phone) {
  auto [lng, lat] = InspectorPoint();
  nlohmann::json body = {
      {"category_code", "06010"}, {"description", "楼下有暴露垃圾"}, {"lng", lng}, {"lat", lat},
      {"channel", channel},       {"address", "华阳路 100 号"}};
  if (!phone.empty()) body["reporter_phone"] = phone;
  auto r = Server().Post("/api/v1/cases", body, token);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json;
}

std::string Demo::UploadPhoto(const std::string& token) {
  auto r = Server().Request("POST", "/api/v1/attachments", TinyPng(), token, "image/png");
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json["id"].get<std::string>();
}

}  // namespace civicgrid::testing
