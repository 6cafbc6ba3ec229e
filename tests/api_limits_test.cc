// Limits against abuse, over real sockets: sign-in lockout (the right password too, until the
// window ends), per-address sign-in limits, per-resident report limits, an administrator who
// disables an account (its tokens die at once), slow clients cut off without holding the server,
// and the security headers on pages and API answers. Low limits run on sibling servers of the
// shared database, so that the shared server's own limits stay out of the other tests' way.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <random>
#include <thread>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

std::string Unique(const std::string& prefix) {
  static std::mt19937 random(std::random_device{}());
  return prefix + std::to_string(random() % 1'000'000'000);
}

// Limits count in fixed windows aligned to the epoch (15 minutes for sign-ins, an hour for
// reports): a test that must stay inside one window waits when the next edge is near.
void StayInsideOneWindow(int64_t window_seconds) {
  using std::chrono::system_clock;
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(system_clock::now().time_since_epoch())
          .count();
  const int64_t left = window_seconds - now % window_seconds;
  constexpr int64_t kNeeded = 30;
  if (left < kNeeded) std::this_thread::sleep_for(std::chrono::seconds(left + 1));
}

HttpResult TryLogin(const TestServer& server, const std::string& user, const std::string& pw) {
  return server.Post("/api/v1/auth/login", {{"username", user}, {"password", pw}});
}

// A throwaway resident account; returns its id.
int64_t NewResident(const std::string& username, const std::string& password) {
  auto admin = Server().Login("admin");
  auto created = Server().Post("/api/v1/users",
                               {{"username", username},
                                {"password", password},
                                {"display_name", "临时居民"},
                                {"role", "resident"},
                                {"area_code", "310105000000"}},
                               admin);
  EXPECT_EQ(created.status, 201) << created.body;
  return created.json.value("id", int64_t{0});
}

TEST(ApiLimitsTest, AnAccountIsLockedAfterRepeatedFailuresEvenForTheRightPassword) {
  const std::string user = Unique("lockme");
  NewResident(user, "right-password-1");
  StayInsideOneWindow(15 * 60);
  for (int i = 0; i < 5; ++i) {
    auto r = TryLogin(Server(), user, "wrong-password");
    ASSERT_EQ(r.status, 401) << "attempt " << i << ": " << r.body;
  }
  auto locked = TryLogin(Server(), user, "right-password-1");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.json["error"]["code"], "rate_limited");
  EXPECT_NE(locked.json["error"]["message"].get<std::string>().find("failed sign-ins"),
            std::string::npos);
  // Another account from the same address still signs in.
  EXPECT_EQ(
      TryLogin(Server(), Server().Username("inspector"), Server().Password("inspector")).status,
      200);
}

TEST(ApiLimitsTest, AnAddressIsLockedAfterFailuresOnManyAccounts) {
  auto strict = Server().StartSibling({"--scheduler-interval-ms", "0", "--webhook-poll-ms", "0",
                                       "--login-failures-per-address", "3"});
  // Failures counted so far from 127.0.0.1 may already be over 3: the lock comes at the latest on
  // the fourth try, each on a new account name.
  StayInsideOneWindow(15 * 60);
  int refused_at = -1;
  for (int i = 0; i < 4 && refused_at < 0; ++i) {
    auto r = TryLogin(*strict, Unique("nobody"), "wrong-password");
    if (r.status == 429) {
      refused_at = i;
    } else {
      ASSERT_EQ(r.status, 401) << r.body;
    }
  }
  ASSERT_GE(refused_at, 0) << "the address was never locked";
  auto locked = TryLogin(*strict, Server().Username("inspector"), Server().Password("inspector"));
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.json["error"]["code"], "rate_limited");
}

TEST(ApiLimitsTest, ResidentsReportAtMostTheirHourlyShare) {
  auto strict = Server().StartSibling({"--scheduler-interval-ms", "0", "--webhook-poll-ms", "0",
                                       "--reports-per-resident-hour", "2"});
  const std::string user = Unique("reporter");
  NewResident(user, "right-password-2");
  const std::string resident = strict->LoginAs(user, "right-password-2");
  StayInsideOneWindow(3600);
  auto [lng, lat] = Demo::InspectorPoint();
  const nlohmann::json body = {{"category_code", "06010"},
                               {"description", "限流测试"},
                               {"lng", lng},
                               {"lat", lat},
                               {"channel", "resident"}};
  EXPECT_EQ(strict->Post("/api/v1/cases", body, resident).status, 201);
  EXPECT_EQ(strict->Post("/api/v1/cases", body, resident).status, 201);
  auto third = strict->Request("POST", "/api/v1/cases", body.dump(), resident);
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(third.json["error"]["code"], "rate_limited");
  // Staff are not limited per account: an inspector still reports.
  auto inspector = strict->Login("inspector");
  nlohmann::json patrol = body;
  patrol["channel"] = "patrol";
  EXPECT_EQ(strict->Post("/api/v1/cases", patrol, inspector).status, 201);
}

TEST(ApiLimitsTest, OneAddressReportsAtMostItsHourlyShare) {
  auto strict = Server().StartSibling({"--scheduler-interval-ms", "0", "--webhook-poll-ms", "0",
                                       "--reports-per-address-hour", "2"});
  auto inspector = strict->Login("inspector");
  auto [lng, lat] = Demo::InspectorPoint();
  const nlohmann::json body = {{"category_code", "06010"},
                               {"description", "限流测试"},
                               {"lng", lng},
                               {"lat", lat},
                               {"channel", "patrol"}};
  StayInsideOneWindow(3600);
  // Other siblings counted reports from 127.0.0.1 this hour too: the refusal comes at the
  // latest on the third report.
  HttpResult r;
  for (int i = 0; i < 3 && r.status != 429; ++i) {
    r = strict->Post("/api/v1/cases", body, inspector);
    if (r.status != 429) {
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(r.json["error"]["code"], "rate_limited");
  // The shared server, whose address limit is off, still takes the inspector's reports.
  EXPECT_EQ(Server().Post("/api/v1/cases", body, Server().Login("inspector")).status, 201);
}

TEST(ApiLimitsTest, DisablingAnAccountRevokesItsTokensAtOnce) {
  const std::string user = Unique("leaver");
  const int64_t id = NewResident(user, "right-password-3");
  const std::string token = Server().LoginAs(user, "right-password-3");
  ASSERT_EQ(Server().Get("/api/v1/auth/me", token).status, 200);
  const std::string path = "/api/v1/users/" + std::to_string(id);
  EXPECT_EQ(Server()
                .Post(path + "/disable", nlohmann::json::object(), Server().Login("dispatcher"))
                .status,
            403);
  const std::string admin = Server().Login("admin");
  auto disabled = Server().Post(path + "/disable", nlohmann::json::object(), admin);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json["active"], false);
  EXPECT_EQ(Server().Get("/api/v1/auth/me", token).status, 401);
  EXPECT_EQ(TryLogin(Server(), user, "right-password-3").status, 401);
  ASSERT_EQ(Server().Post(path + "/enable", nlohmann::json::object(), admin).status, 200);
  EXPECT_EQ(TryLogin(Server(), user, "right-password-3").status, 200);
  // Logging out revokes the token that logged out.
  const std::string again = Server().LoginAs(user, "right-password-3");
  ASSERT_EQ(Server().Post("/api/v1/auth/logout", nlohmann::json::object(), again).status, 200);
  EXPECT_EQ(Server().Get("/api/v1/auth/me", again).status, 401);
}

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST(ApiLimitsTest, SlowClientsAreCutOffWithoutHoldingTheServer) {
  auto strict = Server().StartSibling(
      {"--scheduler-interval-ms", "0", "--webhook-poll-ms", "0", "--read-timeout-seconds", "5"});
  std::vector<int> slow;
  for (int i = 0; i < 8; ++i) {
    int fd = Connect(strict->port());
    ASSERT_GE(fd, 0);
    const std::string part = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";  // never finished
    ASSERT_EQ(send(fd, part.data(), part.size(), 0), static_cast<ssize_t>(part.size()));
    slow.push_back(fd);
  }
  // Two I/O threads, eight stalled clients: a normal request is answered all the same.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(strict->Get("/api/v1/health").status, 200);
  // (Held by them, it would answer only when their 5 s read timeout cut them off.)
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  // And the stalled ones are closed once their read timeout passes.
  for (int fd : slow) {
    timeval wait{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    char buf[256];
    const ssize_t n = recv(fd, buf, sizeof(buf), 0);
    const bool closed = n == 0 || (n < 0 && errno == ECONNRESET);
    EXPECT_TRUE(closed) << "a stalled connection was not closed (recv " << n << ", errno " << errno
                        << ")";
    close(fd);
  }
}

TEST(ApiLimitsTest, PagesAndAnswersCarryTheSecurityHeaders) {
  // TestServer::Request does not return headers: read them from a raw exchange.
  int fd = Connect(Server().port());
  ASSERT_GE(fd, 0);
  const std::string req = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;) reply.append(buf, n);
  close(fd);
  EXPECT_NE(reply.find("X-Content-Type-Options: nosniff"), std::string::npos) << reply;
  EXPECT_NE(reply.find("frame-ancestors 'none'"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Content-Security-Policy: default-src 'self'"), std::string::npos) << reply;
  EXPECT_NE(reply.find("X-Frame-Options: DENY"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Cache-Control: no-store"), std::string::npos) << reply;
}

}  // namespace
}  // namespace civicgrid::testing
