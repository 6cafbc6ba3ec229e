// `civicgrid backup` and `civicgrid restore` of a SQLite deployment: the database (copied online,
// while serve processes keep writing) with the photo files it references and a manifest, into a
// new directory; and back into a data directory, verified first, installed atomically. For
// PostgreSQL both print the pg_dump / pg_restore commands instead. docs/operations.md.
//
// A backup directory holds:
//   civicgrid.db          the database, one self-contained file (rollback journal mode)
//   attachments/XX/<id>   every photo the database references, as under <data-dir>/attachments
//   manifest.json         written last: time, schema version, counts, sizes and digests
#pragma once

#include <string>

#include "cli/runtime.h"

namespace civicgrid::cli {

// The exit codes beyond 0 (done) and 1 (failed, nothing written or changed).
constexpr int kExitUsePostgresTools = 2;  // a PostgreSQL database: the commands were printed
constexpr int kExitPhotosMissing = 3;     // backup written, but some photo files were missing

struct BackupOptions {
  std::string out;  // the backup directory to create; must not exist or be empty
  // The pace of the online copy (storage::sqlite::OnlineBackupOptions).
  int pages_per_step = 1024;
  int pause_ms = 2;
};

struct RestoreOptions {
  std::string from;    // a backup directory written by RunBackup
  bool force = false;  // replace a database already in place (it is kept beside, renamed)
};

// Backs up the database runtime.db (default <data_dir>/civicgrid.db) and the photos of
// runtime.data_dir into options.out. Safe while serve processes run on the same files. The
// backup is built under a temporary name beside options.out and renamed into place only after
// the copy passed PRAGMA integrity_check; nothing is left behind on failure. Returns the exit
// code; reports on stdout and errors on stderr.
int RunBackup(const RuntimeOptions& runtime, const BackupOptions& options);

// Restores options.from into runtime.db / runtime.data_dir: refuses while a process has the
// database open, and when a database is already there unless options.force; checks the copy
// against the manifest (size, SHA-256, integrity_check, counts, every photo's BLAKE2b name)
// before it installs the photos and then renames the database into place. Returns the exit code.
int RunRestore(const RuntimeOptions& runtime, const RestoreOptions& options);

}  // namespace civicgrid::cli
