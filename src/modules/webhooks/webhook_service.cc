#include "modules/webhooks/webhook_service.h"

#include <sodium.h>

#include <map>

#include "modules/areas/area_code.h"
#include "modules/cases/outbound.h"

namespace civicgrid::webhooks {
namespace {

using access::Role;

constexpr size_t kMaxUrlBytes = 500;

base::Status RequireAdmin(const access::Actor& actor) {
  if (actor.role != Role::kAdmin)
    return base::PermissionDenied("only an administrator manages webhooks");
  return {};
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.pop_back();
  return hex;
}

}  // namespace

std::string Signature(const std::string& secret, int64_t unix_seconds, const std::string& body) {
  const std::string signed_text = std::to_string(unix_seconds) + "." + body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_text.data()),
                                signed_text.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
  return "t=" + std::to_string(unix_seconds) + ",v1=" + hex;
}

base::Result<Webhook> WebhookService::Create(const access::Actor& actor, const NewWebhook& in) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  std::map<std::string, std::string> errors;
  const std::string scheme = "http://";
  if (in.url.size() > kMaxUrlBytes || in.url.rfind(scheme, 0) != 0 ||
      in.url.size() <= scheme.size() || in.url.find_first_of(" \r\n\t") != std::string::npos) {
    errors["url"] = "an http:// URL of at most 500 bytes (put a TLS proxy in front for https)";
  }
  if (in.events.empty()) errors["events"] = "at least one event type, or \"*\"";
  for (const auto& e : in.events) {
    const auto& known = cases::OutboundTypes();
    if (e != "*" && std::find(known.begin(), known.end(), e) == known.end()) {
      errors["events"] = "unknown event type " + e;
    }
  }
  if (areas::LevelOfCode(in.district_code) != areas::AreaLevel::kDistrict) {
    errors["district_code"] = "a district's 12-digit code";
  }
  if (!errors.empty()) return base::InvalidFields("the webhook is invalid", std::move(errors));
  Webhook w;
  w.url = in.url;
  w.secret = RandomHex(24);
  w.events = in.events;
  w.district_code = in.district_code;
  w.personal_data = in.personal_data;
  w.created_by = actor.user_id;
  w.created_at = clock_.NowMs();
  return repo_.CreateWebhook(std::move(w));
}

base::Result<std::vector<Webhook>> WebhookService::List(const access::Actor& actor) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  auto list = repo_.ListWebhooks();
  if (!list) return list;
  for (auto& w : *list) w.secret.clear();
  return list;
}

base::Status WebhookService::Deactivate(const access::Actor& actor, int64_t id) {
  if (auto st = RequireAdmin(actor); !st) return st;
  auto found = repo_.DeactivateWebhook(id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return base::NotFound("no webhook " + std::to_string(id));
  return {};
}

base::Result<std::vector<Delivery>> WebhookService::Deliveries(const access::Actor& actor,
                                                               int64_t webhook_id) {
  if (auto st = RequireAdmin(actor); !st) return tl::unexpected(st.error());
  return repo_.ListDeliveries(webhook_id, 100);
}

base::Result<std::vector<DueDelivery>> WebhookService::ClaimDue(int limit) {
  return repo_.ClaimDue(clock_.NowMs(), limit, policy_.lease_ms);
}

int64_t WebhookService::Backoff(int attempts) const {
  int64_t wait = policy_.base_ms;
  for (int i = 1; i < attempts && wait < policy_.max_ms; ++i) wait *= 2;
  return std::min(wait, policy_.max_ms);
}

base::Status WebhookService::Finish(const DueDelivery& due, const Attempt& attempt) {
  const int attempts = due.delivery.attempts + 1;
  std::string state = "pending";
  base::TimeMs next_at = attempt.at + Backoff(attempts);
  if (attempt.status >= 200 && attempt.status < 300) {
    state = "delivered";
    next_at = 0;
  } else if (attempts >= policy_.max_attempts) {
    state = "failed";
    next_at = 0;
  }
  return repo_.RecordAttempt(due.delivery.id, attempt, state, next_at);
}

}  // namespace civicgrid::webhooks
