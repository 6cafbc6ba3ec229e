#include "cli/runtime.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/database.h"
#include "storage/sql/leader_lease.h"

namespace civicgrid::cli {

base::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::NotFound("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

base::Result<std::vector<base::WorkPeriod>> ParseWorkPeriods(const std::string& text) {
  std::vector<base::WorkPeriod> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
    char tail = 0;
    if (std::sscanf(item.c_str(), "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4 || h1 < 0 ||
        h1 > 24 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59) {
      return base::InvalidArgument("work_periods", "'" + item + "' is not HH:MM-HH:MM");
    }
    out.push_back({h1 * 60 + m1, h2 * 60 + m2});
  }
  if (out.empty()) return base::InvalidArgument("work_periods", "at least one period");
  base::CalendarConfig config;
  config.periods = out;
  if (auto st = base::ValidateConfig(config); !st) return tl::unexpected(st.error());
  return out;
}

base::Result<std::unique_ptr<Runtime>> Runtime::Open(const RuntimeOptions& options) {
  std::unique_ptr<Runtime> rt(new Runtime());
  rt->options_ = options;
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return base::Fail(base::Code::kUnavailable, "cannot create " + options.data_dir);
  std::string db_value = options.db.empty() ? options.data_dir + "/civicgrid.db" : options.db;

  auto holidays = ReadFile(options.share_dir + "/holidays-cn.csv");
  if (!holidays) return tl::unexpected(holidays.error());
  auto periods = ParseWorkPeriods(options.work_periods);
  if (!periods) return tl::unexpected(periods.error());
  base::CalendarConfig config;
  config.periods = *periods;
  auto calendar = base::WorkingCalendar::FromCsv(config, *holidays);
  if (!calendar) return tl::unexpected(calendar.error());
  rt->calendar_ = std::make_unique<base::WorkingCalendar>(std::move(*calendar));

  storage::OpenOptions open_options;
  open_options.reset = options.reset_database;
  open_options.readers = options.readers;
  auto db = storage::OpenDatabase(db_value, open_options);
  if (!db) return tl::unexpected(db.error());
  rt->db_ = std::move(*db);
  auto& d = *rt->db_;
  rt->area_repo_ = std::make_unique<storage::sql::SqlAreaRepository>(d);
  rt->catalog_repo_ = std::make_unique<storage::sql::SqlCatalogRepository>(d);
  rt->user_repo_ = std::make_unique<storage::sql::SqlUserRepository>(d);
  rt->case_repo_ = std::make_unique<storage::sql::SqlCaseRepository>(d);
  rt->attachments_ =
      std::make_unique<storage::sql::FileAttachmentStore>(d, options.data_dir + "/attachments");
  rt->areas_ = std::make_unique<areas::AreasService>(*rt->area_repo_);
  rt->catalog_ = std::make_unique<catalog::CatalogService>(*rt->catalog_repo_, *rt->area_repo_);
  rt->counter_store_ = std::make_unique<storage::sql::SqlCounterStore>(d);
  rt->limiter_ =
      std::make_unique<limits::RateLimiter>(*rt->counter_store_, rt->clock_, options.limits);
  rt->auth_ = std::make_unique<auth::AuthService>(
      *rt->user_repo_, *rt->area_repo_, *rt->catalog_repo_, rt->clock_, rt->limiter_.get());
  rt->api_key_repo_ = std::make_unique<storage::sql::SqlApiKeyRepository>(d);
  rt->api_keys_ = std::make_unique<auth::ApiKeyService>(*rt->api_key_repo_, *rt->auth_, rt->clock_);
  rt->webhook_repo_ = std::make_unique<storage::sql::SqlWebhookRepository>(d);
  webhooks::RetryPolicy retry;
  retry.base_ms = options.webhook_backoff_ms;
  rt->webhooks_ = std::make_unique<webhooks::WebhookService>(*rt->webhook_repo_, rt->clock_, retry);
  rt->audit_repo_ = std::make_unique<storage::sql::SqlAuditRepository>(d);
  rt->cases_ = std::make_unique<cases::CasesService>(*rt->case_repo_, *rt->attachments_,
                                                     *rt->areas_, *rt->catalog_, *rt->audit_repo_,
                                                     *rt->calendar_, rt->clock_);
  cases::SupervisionConfig supervision;
  supervision.escalate_after_ms = int64_t{options.escalate_after_hours} * 3600 * 1000;
  rt->notification_repo_ = std::make_unique<storage::sql::SqlNotificationRepository>(d);
  rt->inbox_ = std::make_unique<notifications::InboxService>(*rt->notification_repo_);
  rt->supervisor_ = std::make_unique<cases::Supervisor>(
      *rt->cases_, *rt->case_repo_, *rt->area_repo_, *rt->calendar_, rt->clock_, supervision);
  // The composite scores' weights: configuration shipped in data/, checked row by row.
  auto presets_csv = ReadFile(options.share_dir + "/evaluation_presets.csv");
  if (!presets_csv) return tl::unexpected(presets_csv.error());
  auto presets = evaluation::ParsePresets(*presets_csv);
  if (!presets) return tl::unexpected(presets.error());
  rt->evaluation_repo_ = std::make_unique<storage::sql::SqlEvaluationRepository>(d);
  rt->evaluation_ = std::make_unique<evaluation::EvaluationService>(
      *rt->evaluation_repo_, *rt->areas_, *rt->catalog_, *rt->user_repo_, std::move(*presets),
      *rt->calendar_, rt->clock_);
  auto lease = storage::sql::MakeLeaderLease(db_value, d, "scheduler");
  if (!lease) return tl::unexpected(lease.error());
  rt->scheduler_lease_ = std::move(*lease);
  if (auto st = rt->areas_->Reload(); !st) return tl::unexpected(st.error());
  return rt;
}

}  // namespace civicgrid::cli
