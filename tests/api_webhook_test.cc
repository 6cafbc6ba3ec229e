// Outgoing webhooks over real sockets: a receiver on 127.0.0.1 fails the first two deliveries
// and takes the third; the server is killed (SIGKILL) between attempts and restarted; the
// delivery still arrives, with the same signed body each time, and the administrator sees every
// attempt.
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "api_env.h"
#include "support/webhook_receiver.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

// What the receiver recomputes: HMAC-SHA256 of "<t>.<body>" with the secret.
bool Verifies(const std::string& header, const std::string& secret, const std::string& body) {
  const size_t comma = header.find(",v1=");
  if (header.rfind("t=", 0) != 0 || comma == std::string::npos) return false;
  const std::string t = header.substr(2, comma - 2);
  const std::string text = t + "." + body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
  return header.substr(comma + 4) == hex;
}

// Polls `done` for up to 30 s (a claim's lease is 15 s).
template <typename F>
bool WaitFor(F done) {
  for (int i = 0; i < 300; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(ApiWebhookTest, FailedDeliveriesAreRetriedAcrossARestartUntilTheyArrive) {
  Receiver receiver(2);
  std::string admin = Server().Login("admin");
  const std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  EXPECT_EQ(Server()
                .Post("/api/v1/admin/webhooks",
                      {{"url", "ftp://x"},
                       {"events", {"case.reported"}},
                       {"district_code", "310105000000"}},
                      admin)
                .status,
            422);
  EXPECT_EQ(
      Server()
          .Post("/api/v1/admin/webhooks",
                {{"url", url}, {"events", {"case.nothing"}}, {"district_code", "310105000000"}},
                admin)
          .status,
      422);
  EXPECT_EQ(Server().Get("/api/v1/admin/webhooks", Server().Login("dispatcher")).status, 403);
  auto hook = Server().Post(
      "/api/v1/admin/webhooks",
      {{"url", url}, {"events", {"case.reported"}}, {"district_code", "310105000000"}}, admin);
  ASSERT_EQ(hook.status, 201) << hook.body;
  const std::string secret = hook.json["secret"];
  const std::string deliveries = "/api/v1/admin/webhooks/" + hook.json["id"].dump() + "/deliveries";
  EXPECT_FALSE(Server().Get("/api/v1/admin/webhooks", admin).body.find(secret) != std::string::npos)
      << "the secret is shown once";

  const int64_t case_id =
      Demo::Report(Server().Login("resident"), "resident", "13512345678")["id"].get<int64_t>();
  auto ours = [&]() -> json {
    auto r = Server().Get(deliveries, Server().Login("admin"));
    if (r.status != 200) return nullptr;
    for (const auto& d : r.json["items"]) {
      if (d["case_id"] == case_id) return d;
    }
    return nullptr;
  };
  // The first attempt fails (500) and is recorded; then the server dies without warning.
  ASSERT_TRUE(WaitFor([&] {
    json d = ours();
    return !d.is_null() && d["attempts"].get<int>() >= 1;
  })) << "no first attempt";
  Server().CrashAndRestart();
  // After the restart the outbox still holds it: a second failure, then the third arrives.
  ASSERT_TRUE(WaitFor([&] {
    json d = ours();
    return !d.is_null() && d["state"] == "delivered";
  })) << ours();
  json d = ours();
  // Three requests reached the receiver. The kill may have cut the bookkeeping of the second
  // (sent, not recorded): then the log holds two attempts, and the claim's lease ran out first.
  const size_t logged = d["log"].size();
  EXPECT_TRUE(logged == 2 || logged == 3) << d;
  EXPECT_EQ(d["attempts"], logged);
  for (size_t i = 0; i + 1 < logged; ++i) EXPECT_EQ(d["log"][i]["status"], 500) << d;
  EXPECT_EQ(d["log"][logged - 1]["status"], 200);

  std::vector<Received> mine;
  for (const auto& r : receiver.Got()) {
    if (r.delivery == d["id"].dump()) mine.push_back(r);
  }
  ASSERT_EQ(mine.size(), 3u);
  for (const auto& r : mine) {
    EXPECT_EQ(r.event, "case.reported");
    EXPECT_EQ(r.body, mine[0].body) << "every attempt sends the same body";
    EXPECT_TRUE(Verifies(r.signature, secret, r.body)) << r.signature;
    EXPECT_FALSE(Verifies(r.signature, "another secret", r.body));
  }
  json body = json::parse(mine[0].body);
  EXPECT_EQ(body["type"], "case.reported");
  EXPECT_EQ(body["case"]["id"], case_id);
  EXPECT_EQ(body["case"]["state"], "reported");
  EXPECT_EQ(mine[0].body.find("13512345678"), std::string::npos) << "no phone unless asked";

  ASSERT_EQ(Server()
                .Post("/api/v1/admin/webhooks/" + hook.json["id"].dump() + "/deactivate",
                      json::object(), Server().Login("admin"))
                .status,
            200);
}

}  // namespace
}  // namespace civicgrid::testing
