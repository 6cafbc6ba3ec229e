// The 12345 hotline over the real server: a city hotline system's work order pushed twice (and
// several times at once) makes one case; the caller's phone is shown only to the centre; the
// seat sees likely duplicates before saving a call, and merges instead of saving another case.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "api_env.h"
#include "support/webhook_receiver.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

std::string HotlineKey() {
  auto r = Server().Post("/api/v1/admin/api-keys",
                         {{"name", "上海市12345市民服务热线"},
                          {"purpose", "hotline"},
                          {"district_code", "310105000000"}},
                         Server().Login("admin"));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json["api_key"].get<std::string>();
}

HttpResult Push(const std::string& key, const json& order) {
  return Server().Request("POST", "/api/v1/hotline/work-orders", order.dump(), "",
                          "application/json", {{"X-Api-Key", key}});
}

json Order(const std::string& external_id) {
  auto [lng, lat] = Demo::InspectorPoint();
  return {{"external_id", external_id},
          {"category_code", "06010"},
          {"description", "市民来电：小区门口垃圾堆积"},
          {"lng", lng},
          {"lat", lat},
          {"address", "华阳路 100 号"},
          {"caller_phone", "13900001111"}};
}

TEST(ApiHotlineTest, APushedWorkOrderSentTwiceMakesOneCase) {
  const std::string key = HotlineKey();
  auto first = Push(key, Order("SH12345-20261126-0001"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = Push(key, Order("SH12345-20261126-0001"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["id"], first.json["id"]);
  EXPECT_EQ(first.json["channel"], "hotline");

  // The same new order from several connections at once: still one case.
  std::vector<HttpResult> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&r, &key] { r = Push(key, Order("SH12345-20261126-0002")); });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> ids;
  int created = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.body;
    created += r.status == 201;
    ids.insert(r.json["id"].get<int64_t>());
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(created, 1);

  // The caller's phone: in full for the centre, masked for everyone else.
  const std::string path = "/api/v1/cases/" + first.json["id"].dump();
  EXPECT_EQ(Server().Get(path, Server().Login("dispatcher")).json["reporter_phone"], "13900001111");
  EXPECT_EQ(Server().Get(path, Server().Login("leader")).json["reporter_phone"], "139****1111");

  // Refusals: no key, an Open311 key, a missing field.
  EXPECT_EQ(Push("nope", Order("x")).status, 403);
  auto open311 =
      Server().Post("/api/v1/admin/api-keys",
                    {{"name", "app"}, {"purpose", "open311"}, {"district_code", "310105000000"}},
                    Server().Login("admin"));
  EXPECT_EQ(Push(open311.json["api_key"], Order("x")).status, 403);
  json no_id = Order("");
  no_id.erase("external_id");
  auto bad = Push(key, no_id);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(bad.json["error"]["fields"].contains("external_id")) << bad.body;
}

// The status goes back to the city system through a webhook that names its work order.
TEST(ApiHotlineTest, TheWorkOrdersStatusIsPushedBackWithItsExternalId) {
  Receiver receiver(0);
  std::string admin = Server().Login("admin");
  auto hook =
      Server().Post("/api/v1/admin/webhooks",
                    {{"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/12345"},
                     {"events", {"case.dispatched", "case.closed"}},
                     {"district_code", "310105000000"},
                     {"personal_data", true}},
                    admin);
  ASSERT_EQ(hook.status, 201) << hook.body;
  auto order = Push(HotlineKey(), Order("SH12345-20261126-0300"));
  ASSERT_EQ(order.status, 201) << order.body;
  std::string dispatcher = Server().Login("dispatcher");
  const std::string path = "/api/v1/cases/" + order.json["id"].dump() + "/actions/";
  ASSERT_EQ(Server().Post(path + "register", json::object(), dispatcher).status, 200);
  int64_t dept = Server()
                     .Get("/api/v1/auth/me", Server().Login("department_handler"))
                     .json["department_id"]
                     .get<int64_t>();
  ASSERT_EQ(Server().Post(path + "dispatch", {{"department_id", dept}}, dispatcher).status, 200);
  json body;
  for (int i = 0; i < 100 && body.is_null(); ++i) {
    for (const auto& r : receiver.Got()) {
      json b = json::parse(r.body);
      if (b["case"]["id"] == order.json["id"]) body = b;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(body.is_null()) << "no push-back";
  EXPECT_EQ(body["type"], "case.dispatched");
  EXPECT_EQ(body["case"]["state"], "dispatched");
  ASSERT_EQ(body["case"]["external_ids"].size(), 1u) << body;
  EXPECT_EQ(body["case"]["external_ids"][0]["id"], "SH12345-20261126-0300");
  EXPECT_EQ(body["case"]["reporter_phone"], "13900001111") << "personal_data was asked for";
  EXPECT_EQ(body["event"]["details"]["department_id"], std::to_string(dept));
  ASSERT_EQ(Server()
                .Post("/api/v1/admin/webhooks/" + hook.json["id"].dump() + "/deactivate",
                      json::object(), admin)
                .status,
            200);
}

TEST(ApiHotlineTest, TheSeatSeesLikelyDuplicatesAndMergesInstead) {
  std::string dispatcher = Server().Login("dispatcher");
  auto [lng, lat] = Demo::InspectorPoint();
  auto existing = Push(HotlineKey(), Order("SH12345-20261126-0100"));
  ASSERT_EQ(existing.status, 201) << existing.body;
  auto dup = [&](double at_lng, double at_lat, const std::string& code) {
    return Server().Get("/api/v1/hotline/duplicates?category_code=" + code +
                            "&lng=" + std::to_string(at_lng) + "&lat=" + std::to_string(at_lat),
                        dispatcher);
  };
  auto near = dup(lng + 0.0005, lat, "06010");  // ~50 m east
  ASSERT_EQ(near.status, 200) << near.body;
  bool found = false;
  for (const auto& c : near.json["items"]) found |= c["id"] == existing.json["id"];
  EXPECT_TRUE(found) << near.body;
  const auto far = dup(lng + 0.01, lat, "06010");  // ~1 km away (kept: the loop reads it)
  for (const auto& c : far.json["items"]) {
    EXPECT_NE(c["id"], existing.json["id"]);
  }
  const auto other = dup(lng, lat, "06011");  // another category
  for (const auto& c : other.json["items"]) {
    EXPECT_NE(c["id"], existing.json["id"]);
  }
  EXPECT_EQ(Server()
                .Get("/api/v1/hotline/duplicates?category_code=06010&lng=1&lat=1",
                     Server().Login("resident"))
                .status,
            403);
  auto missing = Server().Get("/api/v1/hotline/duplicates?category_code=06010", dispatcher);
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(missing.json["error"]["fields"].contains("lat")) << missing.body;

  // The operator saved the call anyway, then merges it into the case that was there.
  auto call = Server().Post("/api/v1/cases",
                            {{"category_code", "06010"},
                             {"description", "又一位市民来电"},
                             {"lng", lng},
                             {"lat", lat},
                             {"channel", "hotline"},
                             {"reporter_phone", "13700002222"}},
                            dispatcher);
  ASSERT_EQ(call.status, 201) << call.body;
  auto merged = Server().Post("/api/v1/cases/" + call.json["id"].dump() + "/actions/merge",
                              {{"into_case_id", existing.json["id"]}}, dispatcher);
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json["state"], "merged");
}

}  // namespace
}  // namespace civicgrid::testing
