// WebhookRepository on the neutral SQL layer (migration 011), and the outbox write of a case
// event (called in the event's transaction).
#pragma once

#include "modules/cases/case.h"
#include "modules/webhooks/webhook.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

// Inside a write: a pending delivery of event `event_id` (of type `type`) for every active
// webhook of the case's district subscribed to the type.
void EnqueueDeliveries(Db& db, const cases::Case& c, const cases::CaseEvent& e, int64_t event_id,
                       const std::string& type);

class SqlWebhookRepository final : public webhooks::WebhookRepository {
 public:
  explicit SqlWebhookRepository(Db& db) : db_(db) {}
  base::Result<webhooks::Webhook> CreateWebhook(webhooks::Webhook w) override;
  base::Result<std::vector<webhooks::Webhook>> ListWebhooks() override;
  base::Result<bool> DeactivateWebhook(int64_t id) override;
  base::Result<std::vector<webhooks::Delivery>> ListDeliveries(int64_t webhook_id,
                                                               int limit) override;
  base::Result<std::vector<webhooks::DueDelivery>> ClaimDue(base::TimeMs now, int limit,
                                                            int64_t lease_ms) override;
  base::Status RecordAttempt(int64_t delivery_id, const webhooks::Attempt& attempt,
                             const std::string& state, base::TimeMs next_at) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
