// Everything a running civicgrid needs, wired together: the database, the repositories that
// implement the modules' interfaces, the working calendar and the services.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/leader_lease.h"
#include "base/working_calendar.h"
#include "modules/areas/areas_service.h"
#include "modules/auth/api_keys.h"
#include "modules/auth/auth_service.h"
#include "modules/cases/cases_service.h"
#include "modules/cases/supervisor.h"
#include "modules/catalog/catalog_service.h"
#include "modules/evaluation/evaluation_service.h"
#include "modules/notifications/inbox_service.h"
#include "modules/webhooks/webhook_service.h"
#include "storage/sql/api_key_repo.h"
#include "storage/sql/area_repo.h"
#include "storage/sql/attachment_store.h"
#include "storage/sql/audit_repo.h"
#include "storage/sql/case_repo.h"
#include "storage/sql/catalog_repo.h"
#include "storage/sql/counter_store.h"
#include "storage/sql/daily_stats.h"
#include "storage/sql/db.h"
#include "storage/sql/notification_repo.h"
#include "storage/sql/user_repo.h"
#include "storage/sql/webhook_repo.h"

namespace civicgrid::cli {

struct RuntimeOptions {
  std::string data_dir = "./civicgrid-data";
  // "" = <data_dir>/civicgrid.db; a SQLite file path or sqlite://PATH, or a PostgreSQL URL
  // (postgresql://… or postgres://…).
  std::string db;
  std::string share_dir;  // the shipped data/ (holidays, taxonomy, time limits, demo areas)
  // Working hours, local time: "09:00-12:00,13:00-18:00" (the default).
  std::string work_periods = "09:00-12:00,13:00-18:00";
  // Empty the database before migrating (a fresh demo on PostgreSQL; the SQLite default file is
  // removed instead, before Open).
  bool reset_database = false;
  // Database connections for reads beside the writing one (0 for bulk loading).
  int readers = 4;
  // Automatic escalation of a case still overdue this long after its deadline (wall-clock hours).
  int escalate_after_hours = 24;
  // The wait before the first retry of a failed webhook delivery (then doubling).
  int64_t webhook_backoff_ms = 30'000;
  // Sign-in lockout and report limits (serve flags).
  limits::Limits limits;
};

// Parses "HH:MM-HH:MM,…" into the calendar's work periods; kInvalidArgument names the period.
[[nodiscard]] base::Result<std::vector<base::WorkPeriod>> ParseWorkPeriods(const std::string& text);

class Runtime {
 public:
  // Opens (and migrates) the database — SQLite or PostgreSQL, by options.db — and loads the
  // working calendar.
  [[nodiscard]] static base::Result<std::unique_ptr<Runtime>> Open(const RuntimeOptions& options);

  const RuntimeOptions& Options() const { return options_; }
  base::AdjustableClock& Clock() { return clock_; }
  const base::WorkingCalendar& Calendar() const { return *calendar_; }
  areas::AreasService& Areas() { return *areas_; }
  catalog::CatalogService& Catalog() { return *catalog_; }
  auth::AuthService& Auth() { return *auth_; }
  limits::RateLimiter& Limiter() { return *limiter_; }
  auth::ApiKeyService& ApiKeys() { return *api_keys_; }
  webhooks::WebhookService& Webhooks() { return *webhooks_; }
  cases::CasesService& Cases() { return *cases_; }
  audit::AuditRepository& Audit() { return *audit_repo_; }
  cases::Supervisor& Supervisor() { return *supervisor_; }
  notifications::InboxService& Inbox() { return *inbox_; }
  evaluation::EvaluationService& Evaluation() { return *evaluation_; }
  evaluation::EvaluationRepository& EvaluationStore() { return *evaluation_repo_; }
  // Leadership of the scheduler among the serve processes of this database.
  base::LeaderLease& SchedulerLease() { return *scheduler_lease_; }
  // The database itself, for the bulk loader of `civicgrid gen`.
  storage::sql::Db& Database() { return *db_; }

 private:
  Runtime() = default;
  RuntimeOptions options_;
  base::AdjustableClock clock_;
  std::unique_ptr<base::WorkingCalendar> calendar_;
  std::unique_ptr<storage::sql::Db> db_;
  std::unique_ptr<storage::sql::SqlAreaRepository> area_repo_;
  std::unique_ptr<storage::sql::SqlCatalogRepository> catalog_repo_;
  std::unique_ptr<storage::sql::SqlUserRepository> user_repo_;
  std::unique_ptr<storage::sql::SqlCaseRepository> case_repo_;
  std::unique_ptr<storage::sql::FileAttachmentStore> attachments_;
  std::unique_ptr<areas::AreasService> areas_;
  std::unique_ptr<catalog::CatalogService> catalog_;
  std::unique_ptr<storage::sql::SqlCounterStore> counter_store_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<storage::sql::SqlApiKeyRepository> api_key_repo_;
  std::unique_ptr<auth::ApiKeyService> api_keys_;
  std::unique_ptr<storage::sql::SqlWebhookRepository> webhook_repo_;
  std::unique_ptr<webhooks::WebhookService> webhooks_;
  std::unique_ptr<storage::sql::SqlAuditRepository> audit_repo_;
  std::unique_ptr<cases::CasesService> cases_;
  std::unique_ptr<cases::Supervisor> supervisor_;
  std::unique_ptr<storage::sql::SqlNotificationRepository> notification_repo_;
  std::unique_ptr<notifications::InboxService> inbox_;
  std::unique_ptr<storage::sql::SqlEvaluationRepository> evaluation_repo_;
  std::unique_ptr<evaluation::EvaluationService> evaluation_;
  std::unique_ptr<base::LeaderLease> scheduler_lease_;
};

// Reads a whole file; kNotFound when it cannot be read.
[[nodiscard]] base::Result<std::string> ReadFile(const std::string& path);

}  // namespace civicgrid::cli
