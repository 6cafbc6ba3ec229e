// Administration of webhooks and the bookkeeping of their deliveries (the sending itself is the
// serve process's worker, cli/webhook_worker.h).
#pragma once

#include "modules/access/actor.h"
#include "modules/webhooks/webhook.h"

namespace civicgrid::webhooks {

struct NewWebhook {
  std::string url;
  std::vector<std::string> events;
  std::string district_code;
  bool personal_data = false;
};

struct RetryPolicy {
  int64_t base_ms = 30'000;    // the first retry; each next one waits twice as long
  int64_t max_ms = 3'600'000;  // at most an hour between attempts
  int max_attempts = 12;       // then the delivery fails (visible to the administrator)
  // How long a claimed delivery is left to its sender: three times the sender's 5 s timeout.
  int64_t lease_ms = 15'000;
};

// Thread-safe; everything passed in must outlive it.
class WebhookService {
 public:
  WebhookService(WebhookRepository& repo, const base::Clock& clock, RetryPolicy policy)
      : repo_(repo), clock_(clock), policy_(policy) {}

  // Admin: validates the URL (http://, a host, at most 500 bytes), the event types and the
  // district; makes the secret (shown in the result).
  [[nodiscard]] base::Result<Webhook> Create(const access::Actor& actor, const NewWebhook& in);
  // Admin; secrets left out.
  [[nodiscard]] base::Result<std::vector<Webhook>> List(const access::Actor& actor);
  [[nodiscard]] base::Status Deactivate(const access::Actor& actor, int64_t id);
  [[nodiscard]] base::Result<std::vector<Delivery>> Deliveries(const access::Actor& actor,
                                                               int64_t webhook_id);

  // For the sender.
  [[nodiscard]] base::Result<std::vector<DueDelivery>> ClaimDue(int limit);
  // Records an attempt: a 2xx answer delivers; otherwise the delivery waits
  // base_ms × 2^(attempts − 1) (capped) or, after max_attempts, fails.
  [[nodiscard]] base::Status Finish(const DueDelivery& due, const Attempt& attempt);
  // The wait after the `attempts`-th failed attempt.
  int64_t Backoff(int attempts) const;

 private:
  WebhookRepository& repo_;
  const base::Clock& clock_;
  RetryPolicy policy_;
};

}  // namespace civicgrid::webhooks
