#include "storage/sql/webhook_repo.h"

#include "storage/sql/dialect.h"

namespace civicgrid::storage::sql {
namespace {

constexpr const char* kWebhookColumns =
    "w.id, w.url, w.secret, w.events, w.district_code, w.personal_data, w.created_by, "
    "w.created_at, w.active";
constexpr const char* kDeliveryColumns =
    "d.id, d.webhook_id, d.district_code, d.event_type, d.case_id, d.event_id, d.state, "
    "d.attempts, d.next_at, d.created_at, d.delivered_at";

std::vector<std::string> SplitEvents(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

webhooks::Webhook ReadWebhook(const Stmt& s, int at) {
  webhooks::Webhook w;
  w.id = s.Int(at);
  w.url = s.Text(at + 1);
  w.secret = s.Text(at + 2);
  w.events = SplitEvents(s.Text(at + 3));
  w.district_code = s.Text(at + 4);
  w.personal_data = s.Int(at + 5) != 0;
  w.created_by = s.Int(at + 6);
  w.created_at = s.Int(at + 7);
  w.active = s.Int(at + 8) != 0;
  return w;
}

webhooks::Delivery ReadDelivery(const Stmt& s) {
  webhooks::Delivery d;
  d.id = s.Int(0);
  d.webhook_id = s.Int(1);
  d.district_code = s.Text(2);
  d.event_type = s.Text(3);
  d.case_id = s.Int(4);
  d.event_id = s.Int(5);
  d.state = s.Text(6);
  d.attempts = static_cast<int>(s.Int(7));
  d.next_at = s.Int(8);
  d.created_at = s.Int(9);
  d.delivered_at = s.Int(10);
  return d;
}

}  // namespace

void EnqueueDeliveries(Db& db, const cases::Case& c, const cases::CaseEvent& e, int64_t event_id,
                       const std::string& type) {
  Stmt s(db,
         "INSERT INTO webhook_deliveries (webhook_id, district_code, event_type, case_id, "
         "event_id, next_at, created_at) SELECT id, ?, ?, ?, ?, ?, ? FROM webhooks WHERE "
         "district_code = ? AND active = 1 AND (events = '*' OR ',' || events || ',' LIKE ?)");
  Binder(s,
         1)(c.district_code)(type)(c.id)(event_id)(e.at)(e.at)(c.district_code)("%," + type + ",%");
  s.Run();
}

base::Result<webhooks::Webhook> SqlWebhookRepository::CreateWebhook(webhooks::Webhook w) {
  return db_.With<webhooks::Webhook>(true, [&](Db& db) {
    std::string events;
    for (const auto& e : w.events) events += (events.empty() ? "" : ",") + e;
    Stmt s(db,
           "INSERT INTO webhooks (url, secret, events, district_code, personal_data, created_by, "
           "created_at, active) VALUES (?,?,?,?,?,?,?,1) RETURNING id");
    Binder(s, 1)(w.url)(w.secret)(events)(w.district_code)(int64_t{w.personal_data ? 1 : 0})(
        w.created_by)(w.created_at);
    if (!s.Step()) throw DbError(base::Code::kInternal, "no webhook id");
    w.id = s.Int(0);
    s.Reset();
    return w;
  });
}

base::Result<std::vector<webhooks::Webhook>> SqlWebhookRepository::ListWebhooks() {
  return db_.With<std::vector<webhooks::Webhook>>(false, [](Db& db) {
    Stmt s(db, std::string("SELECT ") + kWebhookColumns + " FROM webhooks w ORDER BY w.id");
    std::vector<webhooks::Webhook> out;
    while (s.Step()) out.push_back(ReadWebhook(s, 0));
    return out;
  });
}

base::Result<bool> SqlWebhookRepository::DeactivateWebhook(int64_t id) {
  return db_.With<bool>(true, [&](Db& db) {
    Stmt s(db, "UPDATE webhooks SET active = 0 WHERE id = ? RETURNING id");
    Binder(s, 1)(id);
    const bool found = s.Step();
    s.Reset();
    return found;
  });
}

base::Result<std::vector<webhooks::Delivery>> SqlWebhookRepository::ListDeliveries(
    int64_t webhook_id, int limit) {
  return db_.With<std::vector<webhooks::Delivery>>(false, [&](Db& db) {
    Stmt s(db, std::string("SELECT ") + kDeliveryColumns +
                   " FROM webhook_deliveries d WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ?");
    Binder(s, 1)(webhook_id)(int64_t{limit});
    std::vector<webhooks::Delivery> out;
    while (s.Step()) out.push_back(ReadDelivery(s));
    Stmt a(db,
           "SELECT at, status, error, ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY id");
    for (auto& d : out) {
      a.Reset();
      Binder(a, 1)(d.id);
      while (a.Step()) {
        d.log.push_back({a.Int(0), static_cast<int>(a.Int(1)), a.Text(2), a.Int(3)});
      }
    }
    return out;
  });
}

base::Result<std::vector<webhooks::DueDelivery>> SqlWebhookRepository::ClaimDue(base::TimeMs now,
                                                                                int limit,
                                                                                int64_t lease_ms) {
  using Out = std::vector<webhooks::DueDelivery>;
  return db_.With<Out>(true, [&](Db& db) {
    // The outer condition is checked again on the locked row (PostgreSQL), so two senders never
    // claim one delivery.
    Stmt claim(db,
               "UPDATE webhook_deliveries SET next_at = ? WHERE state = 'pending' AND next_at <= ? "
               "AND id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND "
               "next_at <= ? ORDER BY next_at LIMIT ?) RETURNING id");
    Binder(claim, 1)(now + lease_ms)(now)(now)(int64_t{limit});
    std::vector<int64_t> ids;
    while (claim.Step()) ids.push_back(claim.Int(0));
    claim.Reset();
    Out out;
    if (ids.empty()) return out;
    Stmt s(db, std::string("SELECT ") + kDeliveryColumns + ", " + kWebhookColumns +
                   " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id "
                   "IN " +
                   InList(ids.size()) + " ORDER BY d.id");
    Binder b(s, 1);
    for (int64_t id : ids) b(id);
    while (s.Step()) out.push_back({ReadDelivery(s), ReadWebhook(s, 11)});
    return out;
  });
}

base::Status SqlWebhookRepository::RecordAttempt(int64_t delivery_id,
                                                 const webhooks::Attempt& attempt,
                                                 const std::string& state, base::TimeMs next_at) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt a(db,
           "INSERT INTO webhook_attempts (delivery_id, at, status, error, ms) VALUES (?,?,?,?,?)");
    Binder(a, 1)(delivery_id)(attempt.at)(int64_t{attempt.status})(attempt.error)(attempt.ms);
    a.Run();
    Stmt d(db,
           "UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, next_at = ?, "
           "delivered_at = ? WHERE id = ?");
    Binder(d, 1)(state)(next_at)(state == "delivered" ? attempt.at : int64_t{0})(delivery_id);
    d.Run();
  });
}

}  // namespace civicgrid::storage::sql
