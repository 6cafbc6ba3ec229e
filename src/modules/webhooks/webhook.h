// Outgoing webhooks: subscriptions of a URL to case event types of a district, and the durable
// outbox of their deliveries (written with the case event, storage/sql/case_repo.cc), each with
// its attempts. How SMS and WeChat gateways, and a city hotline system, learn what happened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace civicgrid::webhooks {

struct Webhook {
  int64_t id = 0;
  std::string url;                  // http://host[:port]/path
  std::string secret;               // the HMAC key shared with the receiver
  std::vector<std::string> events;  // event types (cases/outbound.h), or {"*"}
  std::string district_code;
  bool personal_data = false;  // the body carries the reporter's phone (an SMS gateway needs it)
  int64_t created_by = 0;
  base::TimeMs created_at = 0;
  bool active = true;
};

struct Attempt {
  base::TimeMs at = 0;
  int status = 0;  // the HTTP status; 0 when nothing was answered
  std::string error;
  int64_t ms = 0;
};

struct Delivery {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::string district_code;
  std::string event_type;
  int64_t case_id = 0;
  int64_t event_id = 0;
  std::string state;  // pending | delivered | failed
  int attempts = 0;
  base::TimeMs next_at = 0;
  base::TimeMs created_at = 0;
  base::TimeMs delivered_at = 0;
  std::vector<Attempt> log;  // filled by ListDeliveries
};

struct DueDelivery {
  Delivery delivery;
  Webhook webhook;
};

// Implementations are thread-safe.
class WebhookRepository {
 public:
  virtual ~WebhookRepository() = default;
  [[nodiscard]] virtual base::Result<Webhook> CreateWebhook(Webhook w) = 0;
  [[nodiscard]] virtual base::Result<std::vector<Webhook>> ListWebhooks() = 0;
  // False when no webhook has this id.
  [[nodiscard]] virtual base::Result<bool> DeactivateWebhook(int64_t id) = 0;
  // The newest `limit` deliveries of a webhook with their attempts.
  [[nodiscard]] virtual base::Result<std::vector<Delivery>> ListDeliveries(int64_t webhook_id,
                                                                           int limit) = 0;
  // Pending deliveries due at `now`, at most `limit`, each claimed until now + lease_ms so that
  // no other sender (another serve process) takes it meanwhile; a sender that dies leaves it to
  // be claimed again after the lease.
  [[nodiscard]] virtual base::Result<std::vector<DueDelivery>> ClaimDue(base::TimeMs now, int limit,
                                                                        int64_t lease_ms) = 0;
  // Appends the attempt and moves the delivery to `state` (pending: again at `next_at`).
  [[nodiscard]] virtual base::Status RecordAttempt(int64_t delivery_id, const Attempt& attempt,
                                                   const std::string& state,
                                                   base::TimeMs next_at) = 0;
};

// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>": what a receiver
// recomputes (examples/webhook_receiver.py).
std::string Signature(const std::string& secret, int64_t unix_seconds, const std::string& body);

}  // namespace civicgrid::webhooks
