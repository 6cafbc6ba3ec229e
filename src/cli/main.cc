// civicgrid: serve the API and workbench, migrate, import, and load the demo.
#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "api/app.h"
#include "api/errors.h"
#include "cli/audit.h"
#include "cli/backup.h"
#include "cli/demo.h"
#include "cli/exchange.h"
#include "cli/gen/gen.h"
#include "cli/runtime.h"
#include "cli/scheduler.h"
#include "cli/webhook_worker.h"
#include "http/server.h"
#include "modules/areas/area_csv.h"

#ifndef CIVICGRID_SHARE_DIR
#define CIVICGRID_SHARE_DIR "data"
#endif
#ifndef CIVICGRID_WEB_DIR
#define CIVICGRID_WEB_DIR ""
#endif

namespace {

using civicgrid::cli::Runtime;
using civicgrid::cli::RuntimeOptions;

int Fail(const civicgrid::base::Error& e) {
  std::cerr << "civicgrid: " << e.message << "\n";
  for (const auto& [field, reason] : e.fields) std::cerr << "  " << field << ": " << reason << "\n";
  return 1;
}

// Prepares a fresh demo: removes the default SQLite file of the data directory (and its WAL), or
// asks Runtime::Open to empty a PostgreSQL database; the photos go too. An explicit SQLite --db
// file is left alone.
void ResetForDemo(RuntimeOptions& o) {
  bool postgres = civicgrid::storage::sql::ParseDatabaseUrl(o.db).dialect ==
                  civicgrid::storage::sql::Dialect::kPostgres;
  if (!o.db.empty() && !postgres) return;
  std::error_code ec;
  if (postgres) {
    o.reset_database = true;
  } else {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(o.data_dir + "/civicgrid.db" + suffix, ec);
    }
  }
  std::filesystem::remove_all(o.data_dir + "/attachments", ec);
}

struct ServeFlags {
  bool demo = false;
  std::string address = "0.0.0.0";
  uint16_t port = 8080;
  int threads = 16;
  std::string web_dir = CIVICGRID_WEB_DIR;
  int scheduler_interval_ms = 30'000;  // 0: no scheduler in this process
  int webhook_poll_ms = 1000;          // 0: this process sends no webhooks
  bool test_clock = false;
  int read_timeout_seconds = 30;  // to receive a whole request: a slow client is cut off
  int max_connections = 1024;     // open at once; more are closed at once
};

int Serve(RuntimeOptions options, const ServeFlags& flags) {
  const bool demo = flags.demo;
  if (demo) ResetForDemo(options);
  // Block the stop signals before any thread starts, so that only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto rt = Runtime::Open(options);
  if (!rt) return Fail(rt.error());
  std::map<std::string, civicgrid::cli::DemoUser> users;
  if (demo) {
    auto loaded = civicgrid::cli::LoadDemo(**rt);
    if (!loaded) return Fail(loaded.error());
    users = std::move(*loaded);
    if (auto st = civicgrid::cli::WriteDemoUsers(options.data_dir + "/demo-users.json", users);
        !st) {
      return Fail(st.error());
    }
  }
  civicgrid::api::Services services;
  services.auth = &(*rt)->Auth();
  services.api_keys = &(*rt)->ApiKeys();
  services.areas = &(*rt)->Areas();
  services.catalog = &(*rt)->Catalog();
  services.cases = &(*rt)->Cases();
  services.inbox = &(*rt)->Inbox();
  services.evaluation = &(*rt)->Evaluation();
  services.limiter = &(*rt)->Limiter();
  services.clock = &(*rt)->Clock();
  services.calendar = &(*rt)->Calendar();
  services.static_dir = flags.web_dir;
  civicgrid::cli::Scheduler scheduler((*rt)->SchedulerLease(), (*rt)->Supervisor(),
                                      std::chrono::milliseconds(flags.scheduler_interval_ms));
  services.scheduler_state = [&scheduler] { return scheduler.State(); };
  services.webhooks = &(*rt)->Webhooks();
  civicgrid::cli::WebhookWorker webhook_worker((*rt)->Webhooks(), (*rt)->Cases(), (*rt)->Clock(),
                                               std::chrono::milliseconds(flags.webhook_poll_ms));
  if (flags.test_clock) {
    services.test_clock = &(*rt)->Clock();
    services.supervisor = &(*rt)->Supervisor();
  }
  civicgrid::api::App app(services);
  civicgrid::http::ServerOptions server_options;
  server_options.address = flags.address;
  server_options.port = flags.port;
  server_options.threads = flags.threads;
  server_options.read_timeout_seconds = flags.read_timeout_seconds;
  server_options.max_connections = flags.max_connections;
  // Photos may be large; every other request is JSON or CSV.
  server_options.body_limit = [](std::string_view target) -> uint64_t {
    constexpr uint64_t kUploadLimit = uint64_t{12} * 1024 * 1024;  // photos up to 10 MiB
    constexpr uint64_t kImportLimit = uint64_t{32} * 1024 * 1024;  // area GeoJSON of a city
    constexpr uint64_t kDefaultLimit = uint64_t{1024} * 1024;
    if (target.rfind("/api/v1/attachments", 0) == 0) return kUploadLimit;
    if (target.find("/import") != std::string_view::npos) return kImportLimit;
    return kDefaultLimit;
  };
  civicgrid::http::Server server(
      server_options, [&app](const civicgrid::http::Request& r) { return app.Handle(r); },
      civicgrid::api::ErrorReply);
  if (auto st = server.Start(); !st) return Fail(st.error());
  if (flags.scheduler_interval_ms > 0) scheduler.Start();
  if (flags.webhook_poll_ms > 0) webhook_worker.Start();
  std::string host = flags.address == "0.0.0.0" ? "127.0.0.1" : flags.address;
  std::cout << "CivicGrid serving on http://" << host << ":" << server.Port() << "/" << std::endl;
  if (demo) {
    std::cout << "Demo users (also in " << options.data_dir << "/demo-users.json):\n";
    for (const auto& [role, u] : users) {
      std::cout << "  " << role << ": " << u.username << " / " << u.password << "  (area "
                << u.area_code << ")\n";
    }
    std::cout << std::flush;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << "civicgrid: stopping" << std::endl;
  scheduler.Stop();
  webhook_worker.Stop();
  server.Stop();
  server.Wait();
  return 0;
}

template <typename F>
int Import(const RuntimeOptions& options, const std::string& file, F&& import) {
  auto rt = Runtime::Open(options);
  if (!rt) return Fail(rt.error());
  auto text = civicgrid::cli::ReadFile(file);
  if (!text) return Fail(text.error());
  auto count = import(**rt, *text);
  if (!count) return Fail(count.error());
  std::cout << "imported " << *count << " rows from " << file << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"CivicGrid (网格通): community grid governance server"};
  cli.require_subcommand(1);
  RuntimeOptions options;
  options.share_dir = CIVICGRID_SHARE_DIR;
  cli.add_option("--data-dir", options.data_dir, "data directory")->capture_default_str();
  cli.add_option(
      "--db", options.db,
      "database: a SQLite file path or sqlite://PATH (default: civicgrid.db in the data dir), "
      "or a PostgreSQL URL postgresql://USER@HOST:PORT/DB");
  cli.add_option("--share-dir", options.share_dir, "the shipped reference data directory")
      ->capture_default_str();
  cli.add_option("--work-periods", options.work_periods,
                 "working hours in Asia/Shanghai local time, for deadlines")
      ->capture_default_str();

  auto* serve = cli.add_subcommand("serve", "serve the API and the web workbench");
  ServeFlags flags;
  serve->add_flag("--demo", flags.demo, "start on a fresh demo database of 长宁区");
  serve->add_option("--port", flags.port, "TCP port (0 picks a free one)")->capture_default_str();
  serve->add_option("--address", flags.address, "address to listen on")->capture_default_str();
  serve->add_option("--threads", flags.threads, "I/O threads")->capture_default_str();
  serve->add_option("--web-dir", flags.web_dir, "the built web front end");
  serve
      ->add_option("--scheduler-interval-ms", flags.scheduler_interval_ms,
                   "how often the scheduler runs the automatic supervision (0: never in this "
                   "process); one serve process of a database leads at a time")
      ->capture_default_str()
      ->check(CLI::Range(0, 60'000));
  serve
      ->add_option("--webhook-poll-ms", flags.webhook_poll_ms,
                   "how often this process sends due webhook deliveries (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 60'000));
  serve
      ->add_option("--webhook-backoff-ms", options.webhook_backoff_ms,
                   "the wait before a failed webhook delivery's first retry (then doubling, at "
                   "most an hour)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{100}, int64_t{3'600'000}));
  serve
      ->add_option("--escalate-after-hours", options.escalate_after_hours,
                   "escalate a case still overdue this many hours after its deadline")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 365));
  serve
      ->add_option("--read-timeout-seconds", flags.read_timeout_seconds,
                   "time a client has to send a whole request (slow clients are cut off)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option("--max-connections", flags.max_connections,
                   "connections open at once; further ones are closed at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  auto& lim = options.limits;
  // An abuse limit: a count per window, 0 turning it off.
  auto limit_option = [&](const char* name, int64_t& max, const char* help, int64_t top) {
    serve->add_option(name, max, help)->capture_default_str()->check(CLI::Range(int64_t{0}, top));
  };
  limit_option("--login-failures-per-account", lim.login_failures_per_account.max,
               "failed sign-ins of one account in 15 minutes before it is locked for the rest of "
               "them (0: no lockout)",
               1'000'000);
  limit_option("--login-failures-per-address", lim.login_failures_per_address.max,
               "failed sign-ins from one address in 15 minutes before it is locked (0: none)",
               1'000'000);
  limit_option("--reports-per-resident-hour", lim.reports_per_resident.max,
               "reports one resident account may file an hour (0: no limit)", 1'000'000);
  limit_option("--reports-per-address-hour", lim.reports_per_address.max,
               "reports from one client address an hour, all accounts together (0: no limit)",
               100'000'000);
  serve->add_flag("--test-clock", flags.test_clock,
                  "TEST ONLY: let an administrator move the server's clock forward and run the "
                  "supervision at once (POST /api/v1/test/clock, /api/v1/test/supervise)");

  auto* migrate = cli.add_subcommand("migrate", "create or update the database schema");

  auto* stats =
      cli.add_subcommand("stats-rebuild",
                         "recompute the indicators' daily and monthly counters from the case "
                         "events (after a bulk load, or to "
                         "check them); run it while no serve process writes to the database");

  auto* import = cli.add_subcommand("import", "import a CSV (all rows or none)");
  std::string what;
  std::string file;
  import
      ->add_option("what", what,
                   "areas | categories | departments | time-limits | responsibility | cases "
                   "(finished cases from another system, docs/exchange.md)")
      ->required()
      ->check(CLI::IsMember(
          {"areas", "categories", "departments", "time-limits", "responsibility", "cases"}));
  import->add_option("file", file, "the CSV file")->required();

  auto* exporter = cli.add_subcommand("export", "write cases to .xlsx or CSV (the list's filters)");
  civicgrid::cli::ExportOptions export_options;
  exporter->add_option("--format", export_options.format, "xlsx | csv")
      ->capture_default_str()
      ->check(CLI::IsMember({"xlsx", "csv"}));
  exporter->add_option("--out", export_options.out, "the file to write")->required();
  exporter->add_option("--state", export_options.state,
                       "a state, several comma-separated, or open");
  exporter->add_option("--area", export_options.area, "an area code");
  exporter->add_option("--department", export_options.department, "a department id");

  auto* audit = cli.add_subcommand("audit", "the tamper-evident audit log");
  audit->require_subcommand(1);
  auto* audit_verify =
      audit->add_subcommand("verify", "recompute the hash chain; name the first broken entry");
  std::string audit_subject;
  auto* audit_list = audit->add_subcommand("list", "the entries about one subject, oldest first");
  audit_list->add_option("subject", audit_subject, "e.g. case:42")->required();

  auto* gen = cli.add_subcommand(
      "gen", "fill an empty database with a synthetic city and its case history (benchmarks)");
  civicgrid::cli::gen::GenOptions gen_options;
  gen->add_option("--districts", gen_options.shape.districts, "districts")->capture_default_str();
  gen->add_option("--streets", gen_options.shape.streets, "streets per district")
      ->capture_default_str();
  gen->add_option("--communities", gen_options.shape.communities, "communities per street")
      ->capture_default_str();
  gen->add_option("--grids", gen_options.shape.grids, "unit grids per community")
      ->capture_default_str();
  gen->add_option("--residents", gen_options.shape.residents, "resident accounts per grid")
      ->capture_default_str();
  gen->add_option("--cases", gen_options.cases, "cases in the history")->capture_default_str();
  gen->add_option("--days", gen_options.days, "days of history")->capture_default_str();
  gen->add_option("--until", gen_options.until, "end of the history, YYYY-MM-DD (default: today)");
  gen->add_option("--seed", gen_options.shape.seed, "random seed")->capture_default_str();
  gen->add_option("--batch", gen_options.batch, "cases per transaction")->capture_default_str();
  bool quiet = false;
  gen->add_flag("--quiet", quiet, "no progress bar");
  for (auto* opt : {"--districts", "--streets", "--communities", "--grids", "--days", "--batch"}) {
    gen->get_option(opt)->check(CLI::Range(1, 1'000'000));
  }
  gen->get_option("--residents")->check(CLI::Range(0, 10'000));
  gen->get_option("--cases")->check(CLI::Range(int64_t{0}, int64_t{1'000'000'000}));

  // --data-dir and --db may also follow backup / restore (fallthrough to the options above).
  auto* backup = cli.add_subcommand("backup",
                                    "copy a SQLite database (online, while serving) and its photos "
                                    "into a new directory; PostgreSQL: prints the pg_dump command");
  backup->fallthrough();
  civicgrid::cli::BackupOptions backup_options;
  backup->add_option("--out", backup_options.out, "the backup directory to create")->required();
  backup
      ->add_option("--pages-per-step", backup_options.pages_per_step,
                   "database pages copied per step of the online copy")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  backup
      ->add_option("--pause-ms", backup_options.pause_ms,
                   "pause after each step, to spare the disk the server writes to")
      ->capture_default_str()
      ->check(CLI::Range(0, 10'000));
  auto* restore = cli.add_subcommand(
      "restore", "check a backup and install it into the data directory (no server running)");
  restore->fallthrough();
  civicgrid::cli::RestoreOptions restore_options;
  restore->add_option("--from", restore_options.from, "a directory `backup` wrote")->required();
  restore->add_flag("--force", restore_options.force,
                    "replace a database already there (it is kept, renamed *.pre-restore-*)");

  CLI11_PARSE(cli, argc, argv);
  // Serve and import act for the operator of the machine: the system actor.
  const civicgrid::access::Actor system = civicgrid::access::SystemActor();
  if (*serve) return Serve(options, flags);
  if (*backup) return civicgrid::cli::RunBackup(options, backup_options);
  if (*restore) return civicgrid::cli::RunRestore(options, restore_options);
  if (*gen) {
    gen_options.progress = !quiet;
    options.readers = 0;  // the bulk loader changes the writing connection's journal mode
    auto rt = Runtime::Open(options);
    if (!rt) return Fail(rt.error());
    return civicgrid::cli::gen::RunGen(**rt, gen_options);
  }
  if (*stats) {
    auto rt = Runtime::Open(options);
    if (!rt) return Fail(rt.error());
    auto events = (*rt)->EvaluationStore().Rebuild((*rt)->Calendar());
    if (!events) return Fail(events.error());
    std::cout << "recomputed the daily and monthly counters from " << *events << " events\n";
    return 0;
  }
  if (*migrate) {
    auto rt = Runtime::Open(options);
    if (!rt) return Fail(rt.error());
    std::cout << "database is up to date\n";
    return 0;
  }
  if (*audit) {
    auto rt = Runtime::Open(options);
    if (!rt) return Fail(rt.error());
    if (*audit_verify) return civicgrid::cli::RunAuditVerify(**rt);
    if (*audit_list) return civicgrid::cli::RunAuditList(**rt, audit_subject);
  }
  if (*exporter) {
    auto rt = Runtime::Open(options);
    if (!rt) return Fail(rt.error());
    return civicgrid::cli::RunExport(**rt, export_options);
  }
  if (*import && what == "cases") {
    auto rt = Runtime::Open(options);
    if (!rt) return Fail(rt.error());
    return civicgrid::cli::RunImportCases(**rt, file);
  }
  if (*import) {
    return Import(options, file,
                  [&](Runtime& rt, const std::string& text) -> civicgrid::base::Result<int> {
                    if (what == "areas") {
                      auto rows = civicgrid::areas::ParseAreasCsv(text);
                      if (!rows) return tl::unexpected(rows.error());
                      auto summary =
                          rt.Areas().Import(system, std::move(rows->rows), std::move(rows->errors));
                      if (!summary) return tl::unexpected(summary.error());
                      return summary->imported;
                    }
                    if (what == "categories") return rt.Catalog().ImportCategoriesCsv(system, text);
                    if (what == "departments")
                      return rt.Catalog().ImportDepartmentsCsv(system, text);
                    if (what == "time-limits")
                      return rt.Catalog().ImportTimeLimitsCsv(system, text);
                    return rt.Catalog().ImportResponsibilityCsv(system, text);
                  });
  }
  return 0;
}
