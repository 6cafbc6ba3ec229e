// The signature a receiver recomputes, the retry schedule, and the event types.
#include <gtest/gtest.h>

#include "base/clock.h"
#include "modules/cases/outbound.h"
#include "modules/webhooks/webhook_service.h"

namespace civicgrid::webhooks {
namespace {

TEST(WebhookTest, SignatureIsHmacSha256OfTimestampDotBody) {
  // Computed independently: python3 -c "import hmac, hashlib;
  // print(hmac.new(b'key', b'1700000000.{\"a\":1}', hashlib.sha256).hexdigest())"
  EXPECT_EQ(Signature("key", 1700000000, "{\"a\":1}"),
            "t=1700000000,v1=a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03");
  EXPECT_NE(Signature("key", 1700000001, "{\"a\":1}"), Signature("key", 1700000000, "{\"a\":1}"));
}

class NoRepo final : public WebhookRepository {
 public:
  base::Result<Webhook> CreateWebhook(Webhook w) override { return w; }
  base::Result<std::vector<Webhook>> ListWebhooks() override { return std::vector<Webhook>{}; }
  base::Result<bool> DeactivateWebhook(int64_t) override { return false; }
  base::Result<std::vector<Delivery>> ListDeliveries(int64_t, int) override {
    return std::vector<Delivery>{};
  }
  base::Result<std::vector<DueDelivery>> ClaimDue(base::TimeMs, int, int64_t) override {
    return std::vector<DueDelivery>{};
  }
  base::Status RecordAttempt(int64_t, const Attempt& a, const std::string& state,
                             base::TimeMs next_at) override {
    last_state = state;
    last_next_at = next_at;
    last_at = a.at;
    return {};
  }
  std::string last_state;
  base::TimeMs last_next_at = 0, last_at = 0;
};

TEST(WebhookTest, FailuresBackOffExponentiallyThenFail) {
  NoRepo repo;
  base::FakeClock clock(1'000'000);
  RetryPolicy policy;
  policy.base_ms = 1000;
  policy.max_ms = 60'000;
  policy.max_attempts = 4;
  WebhookService service(repo, clock, policy);
  EXPECT_EQ(service.Backoff(1), 1000);
  EXPECT_EQ(service.Backoff(2), 2000);
  EXPECT_EQ(service.Backoff(3), 4000);
  EXPECT_EQ(service.Backoff(10), 60'000);

  DueDelivery due;
  due.delivery.attempts = 0;
  ASSERT_TRUE(service.Finish(due, {5000, 500, "", 3}));
  EXPECT_EQ(repo.last_state, "pending");
  EXPECT_EQ(repo.last_next_at, 6000);
  due.delivery.attempts = 2;
  ASSERT_TRUE(service.Finish(due, {5000, 0, "connection refused", 3}));
  EXPECT_EQ(repo.last_next_at, 5000 + 4000);
  due.delivery.attempts = 3;
  ASSERT_TRUE(service.Finish(due, {5000, 503, "", 3}));
  EXPECT_EQ(repo.last_state, "failed");
  due.delivery.attempts = 1;
  ASSERT_TRUE(service.Finish(due, {5000, 204, "", 3}));
  EXPECT_EQ(repo.last_state, "delivered");
}

TEST(WebhookTest, EventTypes) {
  cases::CaseEvent e;
  e.action = "supervise";
  e.actor_role = "system";
  EXPECT_EQ(cases::OutboundTypeOf(e), "case.overdue");
  e.actor_role = "dispatcher";
  EXPECT_EQ(cases::OutboundTypeOf(e), "case.supervised");
  e.action = "close";
  EXPECT_EQ(cases::OutboundTypeOf(e), "case.closed");
  e.action = "merged_in";
  EXPECT_EQ(cases::OutboundTypeOf(e), "");
  for (const char* action : {"report", "dispatch", "rate", "verify", "escalate"}) {
    e.action = action;
    const std::string type = cases::OutboundTypeOf(e);
    const auto& all = cases::OutboundTypes();
    EXPECT_NE(std::find(all.begin(), all.end(), type), all.end()) << action;
  }
}

}  // namespace
}  // namespace civicgrid::webhooks
