// Backing up and checking a SQLite database file: SQLite's online backup of a live database
// (serve processes keep writing), the integrity check, a summary for the backup's manifest, and
// whether another process has a database open.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/status.h"

namespace civicgrid::storage::sqlite {

struct OnlineBackupOptions {
  // Pages copied per sqlite3_backup_step, and the pause after each step, so that a backup of a
  // large file does not saturate the disk the serve processes write to.
  int pages_per_step = 1024;
  std::chrono::milliseconds pause{2};
};

struct OnlineBackupStats {
  int64_t pages = 0;     // pages in the copy
  int64_t steps = 0;     // sqlite3_backup_step calls
  int64_t restarts = 0;  // times a concurrent write made SQLite start again (rollback mode only)
  bool wal = false;      // the source was in WAL mode: one snapshot, writers never waited
};

// Copies the database at `source` into a new file `dest` with sqlite3_backup_*, while other
// processes may be reading and writing `source`. In WAL mode (what every serve process sets) the
// copy reads one snapshot, held from the first step to the last: writers are never blocked, only
// the checkpoint waits (the log grows meanwhile). In rollback mode each step takes a short shared
// lock and a concurrent write restarts the copy; after a few restarts the rest is copied in one
// step. The copy is then made self-contained: rollback journal mode (no -wal file beside it) and
// no leader leases (they belong to the source's processes, and would keep a server started on a
// restored copy from leading for minutes). kNotFound when `source` does not exist;
// kFailedPrecondition when `dest` exists; kUnavailable on I/O errors or a lock held too long.
// On failure `dest` may be left behind, incomplete: the caller removes it.
[[nodiscard]] base::Result<OnlineBackupStats> OnlineBackup(const std::string& source,
                                                           const std::string& dest,
                                                           const OnlineBackupOptions& options = {});

// Runs PRAGMA integrity_check on the database file at `path`, opened read-only; kInternal with
// SQLite's first findings when it is damaged (or is no database at all).
[[nodiscard]] base::Status IntegrityCheck(const std::string& path);

// What a backup's manifest records of a database and a restore checks again.
struct DatabaseSummary {
  std::string schema_version;  // the name of the last migration applied, e.g. 011_webhooks.sql
  int64_t migrations = 0;      // rows of schema_migrations
  int64_t cases = 0;
  int64_t case_events = 0;
  int64_t attachments = 0;  // rows of attachments (photo metadata; the bytes are files)
};

// Reads the summary of the CivicGrid database at `path`, opened read-only, in one read
// transaction. kInternal when it is not a CivicGrid database.
[[nodiscard]] base::Result<DatabaseSummary> Summarize(const std::string& path);

// Calls `visit(id, size)` for every attachment row of the database at `path` (opened read-only),
// in id order, stopping at the first error `visit` returns.
[[nodiscard]] base::Status ForEachAttachment(
    const std::string& path,
    const std::function<base::Status(const std::string& id, int64_t size)>& visit);

// The id of a process that has the WAL-mode database at `path` open, or nullopt when none has.
// Every connection to a WAL database holds a shared POSIX lock on the "DMS" byte of <path>-shm
// while it is open (byte 128, after the eight wal-index locks:
// https://www.sqlite.org/walformat.html and os_unix.c's UNIX_SHM_DMS); this asks the kernel who
// holds it, without taking it. Connections of the calling process are not seen: call it before
// opening the database. A database in rollback mode has no -shm and reports nullopt.
[[nodiscard]] base::Result<std::optional<int64_t>> OpenedByProcess(const std::string& path);

}  // namespace civicgrid::storage::sqlite
