#include "cli/runtime.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace civicgrid::cli {

base::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::NotFound("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

base::Result<std::unique_ptr<Runtime>> Runtime::Open(const RuntimeOptions& options) {
  std::unique_ptr<Runtime> rt(new Runtime());
  rt->options_ = options;
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return base::Fail(base::Code::kUnavailable, "cannot create " + options.data_dir);
  std::string db_path = options.db.empty() ? options.data_dir + "/civicgrid.db" : options.db;
  if (db_path.rfind("sqlite://", 0) == 0) db_path = db_path.substr(9);
  if (db_path.rfind("postgres", 0) == 0) {
    return base::Fail(base::Code::kUnavailable,
                      "PostgreSQL is not available in this build yet; use a SQLite file");
  }

  auto holidays = ReadFile(options.share_dir + "/holidays-cn.csv");
  if (!holidays) return tl::unexpected(holidays.error());
  auto calendar = base::WorkingCalendar::FromCsv(base::CalendarConfig{}, *holidays);
  if (!calendar) return tl::unexpected(calendar.error());
  rt->calendar_ = std::make_unique<base::WorkingCalendar>(std::move(*calendar));

  auto db = storage::sqlite::Db::Open(db_path);
  if (!db) return tl::unexpected(db.error());
  rt->db_ = std::move(*db);
  auto& d = *rt->db_;
  rt->area_repo_ = std::make_unique<storage::sqlite::SqliteAreaRepository>(d);
  rt->catalog_repo_ = std::make_unique<storage::sqlite::SqliteCatalogRepository>(d);
  rt->user_repo_ = std::make_unique<storage::sqlite::SqliteUserRepository>(d);
  rt->case_repo_ = std::make_unique<storage::sqlite::SqliteCaseRepository>(d);
  rt->attachments_ =
      std::make_unique<storage::sqlite::FileAttachmentStore>(d, options.data_dir + "/attachments");
  rt->areas_ = std::make_unique<areas::AreasService>(*rt->area_repo_);
  rt->catalog_ = std::make_unique<catalog::CatalogService>(*rt->catalog_repo_, *rt->area_repo_);
  rt->auth_ = std::make_unique<auth::AuthService>(*rt->user_repo_, *rt->area_repo_, rt->clock_);
  rt->cases_ = std::make_unique<cases::CasesService>(*rt->case_repo_, *rt->attachments_,
                                                     *rt->areas_, *rt->catalog_, *rt->calendar_,
                                                     rt->clock_);
  if (auto st = rt->areas_->Reload(); !st) return tl::unexpected(st.error());
  return rt;
}

}  // namespace civicgrid::cli
