#include "storage/sqlite/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>

namespace civicgrid::storage::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;
// Rollback mode only: after this many restarts by concurrent writes, copy the rest in one step.
constexpr int kMaxRestarts = 3;
// A source locked by a writer (rollback mode) is retried for up to 5 s.
constexpr std::chrono::milliseconds kBusyPause{20};
constexpr int kMaxBusyRetries = 250;
// The wal-index's dead-man-switch lock byte in <db>-shm (os_unix.c: UNIX_SHM_DMS = 120 + 8).
constexpr off_t kShmDmsByte = 128;
// Enough of integrity_check's findings to name the damage without flooding the terminal.
constexpr int kIntegrityFindings = 5;

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

base::Result<Handle> Open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle db(raw);
  if (rc != SQLITE_OK) {
    return base::Fail(base::Code::kUnavailable,
                      "cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

base::Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return base::Fail(base::Code::kUnavailable, sql + ": " + msg);
  }
  return base::Ok();
}

// Runs `sql` and calls `row` for each result row.
base::Status Query(sqlite3* db, const std::string& sql,
                   const std::function<base::Status(sqlite3_stmt*)>& row) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return base::Internal(sql + ": " + sqlite3_errmsg(db));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  for (;;) {
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) return base::Ok();
    if (rc != SQLITE_ROW) return base::Internal(sql + ": " + sqlite3_errmsg(db));
    if (auto st = row(raw); !st) return st;
  }
}

std::string Text(sqlite3_stmt* s, int col) {
  const auto* p = sqlite3_column_text(s, col);
  return p ? reinterpret_cast<const char*>(p) : "";
}

base::Result<bool> HasTable(sqlite3* db, const std::string& name) {
  bool found = false;
  auto st = Query(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '" + name + "'",
                  [&](sqlite3_stmt*) {
                    found = true;
                    return base::Ok();
                  });
  if (!st) return tl::unexpected(st.error());
  return found;
}

// The copy loop: steps of options.pages_per_step with a pause after each; waits out a source
// locked by a writer (rollback mode) for up to kMaxBusyRetries × kBusyPause.
base::Status Copy(sqlite3* src, sqlite3* dst, const OnlineBackupOptions& options,
                  OnlineBackupStats& stats) {
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  if (backup == nullptr) return base::Internal(std::string("backup: ") + sqlite3_errmsg(dst));
  int64_t copied = 0;
  int busy = 0;
  bool whole = false;
  int rc = SQLITE_OK;
  for (;;) {
    rc = sqlite3_backup_step(backup, whole ? -1 : options.pages_per_step);
    ++stats.steps;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      if (++busy > kMaxBusyRetries) break;
      std::this_thread::sleep_for(kBusyPause);
      continue;
    }
    busy = 0;
    if (rc != SQLITE_OK) break;  // SQLITE_DONE, or an error
    int64_t now = sqlite3_backup_pagecount(backup) - sqlite3_backup_remaining(backup);
    // No progress: a write by another connection made SQLite start over (rollback mode only: in
    // WAL mode the source reads one snapshot throughout).
    if (copied > 0 && now <= copied && ++stats.restarts >= kMaxRestarts) whole = true;
    copied = now;
    std::this_thread::sleep_for(options.pause);
  }
  stats.pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return base::Fail(
        rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? base::Code::kUnavailable : base::Code::kInternal,
        std::string("online backup: ") + sqlite3_errstr(rc));
  }
  return base::Ok();
}

}  // namespace

base::Result<OnlineBackupStats> OnlineBackup(const std::string& source, const std::string& dest,
                                             const OnlineBackupOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec)) {
    return base::NotFound("no SQLite database at " + source);
  }
  if (std::filesystem::exists(dest, ec)) {
    return base::Fail(base::Code::kFailedPrecondition, dest + " exists already");
  }
  // Read-write without CREATE: a WAL reader may need to recover the wal-index; nothing is written.
  auto src = Open(source, SQLITE_OPEN_READWRITE);
  if (!src) return tl::unexpected(src.error());
  if (auto st = Exec(src->get(), "PRAGMA query_only = 1"); !st) return tl::unexpected(st.error());
  OnlineBackupStats stats;
  {
    auto st = Query(src->get(), "PRAGMA journal_mode", [&](sqlite3_stmt* s) {
      stats.wal = Text(s, 0) == "wal";
      return base::Ok();
    });
    if (!st) return tl::unexpected(st.error());
  }
  auto dst = Open(dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dst) return tl::unexpected(dst.error());
  // In WAL mode a read transaction pins one snapshot without blocking writers: every step copies
  // from it, so the copy is consistent and never restarts. (The first read starts it.)
  if (stats.wal) {
    if (auto st = Exec(src->get(), "BEGIN; SELECT COUNT(*) FROM sqlite_schema"); !st) {
      return tl::unexpected(st.error());
    }
  }
  auto copied = Copy(src->get(), dst->get(), options, stats);
  if (stats.wal) (void)Exec(src->get(), "COMMIT");
  src->reset();
  if (!copied) return tl::unexpected(copied.error());

  // The copy's header says WAL, like its source; a backup is one self-contained file instead.
  // (The destination keeps SQLite's default synchronous=FULL: each of these commits is synced.)
  if (auto st = Exec(dst->get(), "PRAGMA journal_mode = DELETE"); !st) {
    return tl::unexpected(st.error());
  }
  auto leases = HasTable(dst->get(), "leases");
  if (!leases) return tl::unexpected(leases.error());
  if (*leases) {
    if (auto st = Exec(dst->get(), "DELETE FROM leases"); !st) return tl::unexpected(st.error());
  }
  if (sqlite3_close(dst->release()) != SQLITE_OK) {
    return base::Fail(base::Code::kUnavailable, "closing " + dest + " failed");
  }
  return stats;
}

base::Status IntegrityCheck(const std::string& path) {
  auto db = Open(path, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  std::string findings;
  int n = 0;
  auto st = Query(db->get(), "PRAGMA integrity_check(" + std::to_string(kIntegrityFindings) + ")",
                  [&](sqlite3_stmt* s) {
                    std::string line = Text(s, 0);
                    if (line != "ok") findings += (n++ ? "; " : "") + line;
                    return base::Ok();
                  });
  if (!st) return base::Internal(path + " is damaged or no database: " + st.error().message);
  if (!findings.empty()) return base::Internal(path + " failed the integrity check: " + findings);
  return base::Ok();
}

base::Result<DatabaseSummary> Summarize(const std::string& path) {
  auto db = Open(path, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  DatabaseSummary out;
  if (auto st = Exec(db->get(), "BEGIN"); !st) return tl::unexpected(st.error());
  auto count = [&](const std::string& table, int64_t& into) {
    return Query(db->get(), "SELECT COUNT(*) FROM " + table, [&](sqlite3_stmt* s) {
      into = sqlite3_column_int64(s, 0);
      return base::Ok();
    });
  };
  base::Status st = Query(db->get(), "SELECT COALESCE(MAX(name), '') FROM schema_migrations",
                          [&](sqlite3_stmt* s) {
                            out.schema_version = Text(s, 0);
                            return base::Ok();
                          });
  if (st) st = count("schema_migrations", out.migrations);
  if (st) st = count("cases", out.cases);
  if (st) st = count("case_events", out.case_events);
  if (st) st = count("attachments", out.attachments);
  (void)Exec(db->get(), "COMMIT");
  if (!st) return base::Internal(path + " is not a CivicGrid database: " + st.error().message);
  return out;
}

base::Status ForEachAttachment(
    const std::string& path,
    const std::function<base::Status(const std::string& id, int64_t size)>& visit) {
  auto db = Open(path, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  return Query(db->get(), "SELECT id, size FROM attachments ORDER BY id",
               [&](sqlite3_stmt* s) { return visit(Text(s, 0), sqlite3_column_int64(s, 1)); });
}

base::Result<std::optional<int64_t>> OpenedByProcess(const std::string& path) {
  std::string shm = path + "-shm";
  int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::optional<int64_t>();
  if (fd < 0) {
    return base::Fail(base::Code::kUnavailable,
                      "cannot open " + shm + ": " + std::generic_category().message(errno));
  }
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = kShmDmsByte;
  probe.l_len = 1;
  int rc = ::fcntl(fd, F_GETLK, &probe);
  int err = errno;
  ::close(fd);
  if (rc != 0) {
    return base::Fail(base::Code::kUnavailable, "cannot query the locks of " + shm + ": " +
                                                    std::generic_category().message(err));
  }
  if (probe.l_type == F_UNLCK) return std::optional<int64_t>();
  return std::optional<int64_t>(probe.l_pid);
}

}  // namespace civicgrid::storage::sqlite
