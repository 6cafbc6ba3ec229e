// The JSON API under /api/v1: routes every request to its module, translating JSON to service
// calls and results back. Authorization is the services' job; this layer only identifies the
// caller from the bearer token.
#pragma once

#include <functional>
#include <string>

#include "base/clock.h"
#include "base/working_calendar.h"
#include "http/message.h"
#include "http/router.h"
#include "modules/areas/areas_service.h"
#include "modules/auth/api_keys.h"
#include "modules/auth/auth_service.h"
#include "modules/cases/cases_service.h"
#include "modules/cases/supervisor.h"
#include "modules/catalog/catalog_service.h"
#include "modules/evaluation/evaluation_service.h"
#include "modules/limits/rate_limiter.h"
#include "modules/notifications/inbox_service.h"
#include "modules/webhooks/webhook_service.h"

namespace civicgrid::api {

struct Services {
  auth::AuthService* auth = nullptr;
  auth::ApiKeyService* api_keys = nullptr;
  webhooks::WebhookService* webhooks = nullptr;
  areas::AreasService* areas = nullptr;
  catalog::CatalogService* catalog = nullptr;
  cases::CasesService* cases = nullptr;
  notifications::InboxService* inbox = nullptr;
  evaluation::EvaluationService* evaluation = nullptr;
  limits::RateLimiter* limiter = nullptr;  // null: reports are not limited
  const base::Clock* clock = nullptr;
  const base::WorkingCalendar* calendar = nullptr;
  std::string static_dir;  // the built web front end; empty to serve none
  // The scheduler's state for /health: "leader", "standby" or "off"; unset = "off".
  std::function<const char*()> scheduler_state;
  // Test-only server mode (serve --test-clock): the clock that POST /api/v1/test/clock moves and
  // the supervisor that POST /api/v1/test/supervise runs. Null in every other mode: the routes
  // do not exist.
  base::AdjustableClock* test_clock = nullptr;
  cases::Supervisor* supervisor = nullptr;
};

// Thread-safe after construction.
class App {
 public:
  explicit App(Services services);
  http::Response Handle(const http::Request& request) const;
  // Every route, for the check that docs/openapi.yaml covers them (api_openapi_test).
  std::vector<std::pair<std::string, std::string>> Routes() const { return router_.Routes(); }

 private:
  Services s_;
  http::Router router_;
};

// Registration of each module's routes (one file each).
void AddAuthRoutes(http::Router& router, const Services& s);
void AddAreaRoutes(http::Router& router, const Services& s);
void AddCatalogRoutes(http::Router& router, const Services& s);
void AddCaseRoutes(http::Router& router, const Services& s);
void AddNotificationRoutes(http::Router& router, const Services& s);
void AddEvaluationRoutes(http::Router& router, const Services& s);
void AddTestRoutes(http::Router& router, const Services& s);
// The doors for other systems: Open311 GeoReport v2 under /open311/v2/, API keys.
void AddOpen311Routes(http::Router& router, const Services& s);
void AddApiKeyRoutes(http::Router& router, const Services& s);
// The 12345 hotline: the seat's duplicate check and pushed work orders.
void AddHotlineRoutes(http::Router& router, const Services& s);
// Outgoing webhooks: subscriptions and their deliveries (admin).
void AddWebhookRoutes(http::Router& router, const Services& s);

// The caller identified by "Authorization: Bearer <token>".
[[nodiscard]] base::Result<access::Actor> Authenticate(const Services& s,
                                                       const http::Request& request);

}  // namespace civicgrid::api
