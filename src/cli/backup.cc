#include "cli/backup.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <system_error>

#include "base/clock.h"
#include "cli/backup_files.h"
#include "storage/sql/dialect.h"
#include "storage/sqlite/backup.h"

namespace civicgrid::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "civicgrid-backup";
constexpr int kFormatVersion = 1;
constexpr const char* kDatabaseFile = "civicgrid.db";
constexpr const char* kAttachmentsDir = "attachments";
constexpr const char* kManifestFile = "manifest.json";
constexpr const char* kPgDumpFile = "civicgrid.pgdump";

int Fail(const base::Error& e) {
  std::cerr << "civicgrid: " << e.message << "\n";
  return 1;
}
int Fail(const tl::unexpected<base::Error>& e) { return Fail(e.value()); }

std::string DatabasePath(const RuntimeOptions& r) {
  return r.db.empty() ? r.data_dir + "/" + kDatabaseFile : r.db;
}

// A photo id as the attachment store makes them: 64 lowercase hex digits. Anything else in a
// database (a restored one may come from anywhere) never becomes part of a path.
bool IsPhotoId(const std::string& id) {
  constexpr size_t kHexDigits = 64;
  return id.size() == kHexDigits && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Where a photo lives under an attachments directory (storage/sql/attachment_store.cc).
std::string PhotoPath(const std::string& dir, const std::string& id) {
  return dir + "/" + id.substr(0, 2) + "/" + id;
}

// "2024-05-01T08:30:00Z", or "20240501T083000Z" when `compact` (a file-name suffix).
std::string UtcStamp(base::TimeMs ms, bool compact) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, compact ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The URL without a password, so that the printed command does not carry it into a log;
// libpq then takes the password from ~/.pgpass or PGPASSWORD.
std::string WithoutPassword(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) return url;
  start += 3;
  auto at = url.find('@', start);
  auto slash = url.find('/', start);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  auto colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

// Single-quotes a shell word.
std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int PrintPostgresBackup(const std::string& url, const std::string& data_dir,
                        const std::string& out) {
  std::string dir = out.empty() ? "BACKUP_DIR" : out;
  std::cerr << "civicgrid: the database is PostgreSQL: `civicgrid backup` copies SQLite only.\n"
            << "PostgreSQL is backed up with pg_dump (a logical dump, restored by pg_restore),\n"
            << "or pg_basebackup with WAL archiving for point-in-time recovery "
               "(docs/operations.md).\n"
            << "The photos are files in the data directory: copy them after the dump, so that\n"
            << "every photo the dump references is there. Run:\n\n";
  std::cout << "mkdir -p " << Quote(dir) << " && \\\n"
            << "  pg_dump --format=custom --file=" << Quote(dir + "/" + kPgDumpFile) << " "
            << Quote(WithoutPassword(url)) << " && \\\n"
            << "  cp -a " << Quote(data_dir + "/" + kAttachmentsDir) << " "
            << Quote(dir + "/" + kAttachmentsDir) << "\n";
  return kExitUsePostgresTools;
}

int PrintPostgresRestore(const std::string& url, const std::string& data_dir,
                         const std::string& from) {
  std::cerr << "civicgrid: the database is PostgreSQL: `civicgrid restore` restores SQLite "
               "only.\nA pg_dump backup is restored with pg_restore into an empty database "
               "(docs/operations.md), with the serve processes stopped. Run:\n\n";
  std::cout << "pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="
            << Quote(WithoutPassword(url)) << " " << Quote(from + "/" + kPgDumpFile) << " && \\\n"
            << "  mkdir -p " << Quote(data_dir + "/" + kAttachmentsDir) << " && \\\n"
            << "  cp -a " << Quote(from + "/" + kAttachmentsDir + "/.") << " "
            << Quote(data_dir + "/" + kAttachmentsDir + "/") << "\n";
  return kExitUsePostgresTools;
}

// Refuses when a process has the database at `path` open.
base::Status CheckNotInUse(const std::string& path) {
  auto pid = storage::sqlite::OpenedByProcess(path);
  if (!pid) return tl::unexpected(pid.error());
  if (*pid) {
    return base::Fail(base::Code::kFailedPrecondition,
                      "process " + std::to_string(**pid) + " has " + path +
                          " open (a civicgrid serve?): stop it before restoring");
  }
  return base::Ok();
}

json SummaryJson(const storage::sqlite::DatabaseSummary& s) {
  return {{"cases", s.cases}, {"case_events", s.case_events}, {"attachments", s.attachments}};
}

// Removes a partly written backup or restore unless it was completed.
class Cleanup {
 public:
  explicit Cleanup(std::vector<std::string> paths) : paths_(std::move(paths)) {}
  ~Cleanup() {
    if (done_) return;
    std::error_code ec;
    for (const auto& p : paths_) fs::remove_all(p, ec);
  }
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  void Done() { done_ = true; }

 private:
  std::vector<std::string> paths_;
  bool done_ = false;
};

// Syncs each shard directory a photo went into, then the attachments directory itself.
base::Status SyncPhotoDirectories(const std::string& dir, const std::set<std::string>& shards) {
  for (const auto& shard : shards) {
    std::string path = dir;
    path.append("/").append(shard);
    if (auto st = SyncDirectory(path); !st) return st;
  }
  return SyncDirectory(dir);
}

// What a restore needs of a backup's manifest.
struct Manifest {
  int64_t db_bytes = 0;
  std::string db_sha256;
  std::string schema_version;
  storage::sqlite::DatabaseSummary counts;
  std::set<std::string> absent;  // photos the backup lacks (missing or damaged at backup time)
  std::string created_at;
};

base::Result<Manifest> ReadManifest(const std::string& dir) {
  const std::string path = dir + "/" + kManifestFile;
  auto text = ReadFile(path);
  if (!text) return base::NotFound(path + " is missing: " + dir + " is no complete backup");
  try {
    json j = json::parse(*text);
    if (j.at("format") != kFormat || j.at("format_version") != kFormatVersion) {
      return base::Fail(base::Code::kFailedPrecondition,
                        path + " is not a civicgrid backup manifest of version " +
                            std::to_string(kFormatVersion));
    }
    Manifest m;
    m.db_bytes = j.at("database").at("bytes").get<int64_t>();
    m.db_sha256 = j.at("database").at("sha256").get<std::string>();
    m.schema_version = j.at("schema_version").get<std::string>();
    m.created_at = j.at("created_at").get<std::string>();
    const json& counts = j.at("counts");
    m.counts.cases = counts.at("cases").get<int64_t>();
    m.counts.case_events = counts.at("case_events").get<int64_t>();
    m.counts.attachments = counts.at("attachments").get<int64_t>();
    for (const char* list : {"missing", "damaged"}) {
      for (const auto& id : j.at("attachments").at(list)) m.absent.insert(id.get<std::string>());
    }
    return m;
  } catch (const json::exception& e) {
    return base::Fail(base::Code::kInvalidArgument, path + " is damaged: " + e.what());
  }
}

// Compares what the restored copy holds with what the manifest counted.
base::Status MatchesManifest(const storage::sqlite::DatabaseSummary& got, const Manifest& m) {
  std::string diff;
  auto check = [&](const char* what, const auto& have, const auto& want) {
    if (have != want) {
      std::ostringstream line;
      line << " " << what << " " << have << " (manifest: " << want << ")";
      diff += line.str();
    }
  };
  check("schema", got.schema_version, m.schema_version);
  check("cases", got.cases, m.counts.cases);
  check("case_events", got.case_events, m.counts.case_events);
  check("attachments", got.attachments, m.counts.attachments);
  if (diff.empty()) return base::Ok();
  return base::Internal("the backup's database does not match its manifest:" + diff);
}

}  // namespace

int RunBackup(const RuntimeOptions& runtime, const BackupOptions& options) {
  const std::string source = DatabasePath(runtime);
  auto url = storage::sql::ParseDatabaseUrl(source);
  if (url.dialect == storage::sql::Dialect::kPostgres) {
    return PrintPostgresBackup(url.target, runtime.data_dir, options.out);
  }
  std::error_code ec;
  std::string out = fs::path(options.out).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.empty()) return Fail(base::InvalidArgument("out", "required"));
  if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec))) {
    return Fail(base::Fail(base::Code::kFailedPrecondition,
                           out + " exists and is not an empty directory: a backup "
                                 "never overwrites; choose a new path"));
  }
  if (!fs::is_regular_file(url.target, ec)) {
    return Fail(base::NotFound("no SQLite database at " + url.target));
  }
  // Built under a temporary name beside `out` (same file system), renamed when complete.
  fs::path parent = fs::absolute(out, ec).parent_path();
  fs::create_directories(parent, ec);
  std::string tmpl = out + ".partial-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return Fail(base::Fail(base::Code::kUnavailable, "cannot create " + tmpl));
  }
  const std::string work = tmpl;
  Cleanup cleanup({work});
  const base::TimeMs started = base::SystemClock().NowMs();

  const std::string db_copy = work + "/" + kDatabaseFile;
  storage::sqlite::OnlineBackupOptions pace;
  pace.pages_per_step = options.pages_per_step;
  pace.pause = std::chrono::milliseconds(options.pause_ms);
  auto stats = storage::sqlite::OnlineBackup(url.target, db_copy, pace);
  if (!stats) return Fail(stats.error());
  if (auto st = storage::sqlite::IntegrityCheck(db_copy); !st) return Fail(st.error());
  auto summary = storage::sqlite::Summarize(db_copy);
  if (!summary) return Fail(summary.error());

  // The photos the copy references. A photo's file is written (and synced) before its row
  // commits and never changes afterwards, so every row in the copy has its file already.
  const std::string photos_from = runtime.data_dir + "/" + kAttachmentsDir;
  const std::string photos_to = work + "/" + kAttachmentsDir;
  json missing = json::array();
  json damaged = json::array();
  int64_t photo_files = 0;
  int64_t photo_bytes = 0;
  std::set<std::string> shards;
  auto copied = storage::sqlite::ForEachAttachment(
      db_copy, [&](const std::string& id, int64_t size) -> base::Status {
        if (!IsPhotoId(id)) {
          damaged.push_back(id);
          return base::Ok();
        }
        auto digest = CopyDurably(PhotoPath(photos_from, id), PhotoPath(photos_to, id));
        if (!digest && digest.error().code == base::Code::kNotFound) {
          missing.push_back(id);
          return base::Ok();
        }
        if (!digest) return tl::unexpected(digest.error());
        if (digest->bytes != size || digest->blake2b != id) {
          damaged.push_back(id);  // kept out of the backup: its bytes are not the photo's
          fs::remove(PhotoPath(photos_to, id), ec);
          return base::Ok();
        }
        shards.insert(id.substr(0, 2));
        ++photo_files;
        photo_bytes += size;
        return base::Ok();
      });
  if (!copied) return Fail(copied.error());
  if (!shards.empty()) {
    if (auto st = SyncPhotoDirectories(photos_to, shards); !st) return Fail(st.error());
  }

  auto db_digest = DigestFile(db_copy);
  if (!db_digest) return Fail(db_digest.error());
  json manifest = {
      {"format", kFormat},
      {"format_version", kFormatVersion},
      {"created_at", UtcStamp(started, false)},
      {"created_at_ms", started},
      {"source",
       {{"database", fs::absolute(url.target, ec).string()},
        {"attachments", fs::absolute(photos_from, ec).string()}}},
      {"schema_version", summary->schema_version},
      {"migrations", summary->migrations},
      {"counts", SummaryJson(*summary)},
      {"database",
       {{"file", kDatabaseFile}, {"bytes", db_digest->bytes}, {"sha256", db_digest->sha256}}},
      {"attachments",
       {{"dir", kAttachmentsDir},
        {"files", photo_files},
        {"bytes", photo_bytes},
        {"missing", missing},
        {"damaged", damaged}}},
      {"online_backup",
       {{"pages", stats->pages},
        {"steps", stats->steps},
        {"restarts", stats->restarts},
        {"wal_snapshot", stats->wal}}}};
  if (auto st = WriteDurably(work + "/" + kManifestFile, manifest.dump(2) + "\n"); !st) {
    return Fail(st.error());
  }
  if (auto st = SyncDirectory(work); !st) return Fail(st.error());
  if (::rename(work.c_str(), out.c_str()) != 0) {
    return Fail(base::Fail(base::Code::kUnavailable, "cannot rename " + work + " to " + out + ": " +
                                                         std::generic_category().message(errno)));
  }
  cleanup.Done();
  if (auto st = SyncDirectory(parent.string()); !st) return Fail(st.error());

  std::cout << "backup of " << url.target << " written to " << out << ": " << summary->cases
            << " cases, " << summary->case_events << " case events, " << photo_files
            << " photo files (" << photo_bytes << " bytes), schema " << summary->schema_version
            << "; " << stats->pages << " pages copied in " << stats->steps << " steps"
            << (stats->wal ? " from one snapshot" : "") << "; integrity check ok\n";
  if (!missing.empty() || !damaged.empty()) {
    std::cerr << "civicgrid: WARNING: " << missing.size() << " photo files referenced by the "
              << "database were missing from " << photos_from << " and " << damaged.size()
              << " did not match their digest; they are listed in " << out << "/" << kManifestFile
              << " and are not in the backup\n";
    return kExitPhotosMissing;
  }
  return 0;
}

int RunRestore(const RuntimeOptions& runtime, const RestoreOptions& options) {
  const std::string target_value = DatabasePath(runtime);
  auto url = storage::sql::ParseDatabaseUrl(target_value);
  if (url.dialect == storage::sql::Dialect::kPostgres) {
    return PrintPostgresRestore(url.target, runtime.data_dir, options.from);
  }
  const std::string target = url.target;
  const std::string from = options.from;
  auto manifest = ReadManifest(from);
  if (!manifest) return Fail(manifest.error());
  if (auto st = CheckNotInUse(target); !st) return Fail(st.error());
  std::error_code ec;
  const bool existing = fs::exists(target, ec) || fs::exists(target + "-wal", ec);
  if (existing && !options.force) {
    return Fail(base::Fail(
        base::Code::kFailedPrecondition,
        target + " holds a database already: restore refuses to replace it without --force "
                 "(which keeps the old one beside it, renamed)"));
  }
  const std::string target_dir = fs::absolute(target, ec).parent_path().string();
  const std::string photos_to = runtime.data_dir + "/" + kAttachmentsDir;
  fs::create_directories(target_dir, ec);
  fs::create_directories(photos_to, ec);
  if (ec) return Fail(base::Fail(base::Code::kUnavailable, "cannot create " + photos_to));

  // Everything is staged beside its final place (same file system, so the renames are atomic)
  // and checked there; on any failure the staged files go and nothing in place has changed.
  const std::string suffix = ".restoring-" + std::to_string(::getpid());
  const std::string staged_db = target + suffix;
  const std::string staged_photos = runtime.data_dir + "/." + kAttachmentsDir + suffix;
  Cleanup cleanup({staged_db, staged_photos});
  auto digest = CopyDurably(from + "/" + kDatabaseFile, staged_db);
  if (!digest) return Fail(digest.error());
  if (digest->bytes != manifest->db_bytes || digest->sha256 != manifest->db_sha256) {
    return Fail(base::Internal("the backup is damaged: " + from + "/" + kDatabaseFile +
                               " does not match the SHA-256 and size its manifest records"));
  }
  const std::string damaged = "the backup is damaged: its database " + from + "/" + kDatabaseFile;
  if (auto st = storage::sqlite::IntegrityCheck(staged_db); !st) {
    return Fail(
        base::Internal(damaged + " fails the integrity check (" + st.error().message + ")"));
  }
  auto summary = storage::sqlite::Summarize(staged_db);
  if (!summary)
    return Fail(base::Internal(damaged + " cannot be read (" + summary.error().message + ")"));
  if (auto st = MatchesManifest(*summary, *manifest); !st) return Fail(st.error());

  std::vector<std::string> photos;
  auto staged = storage::sqlite::ForEachAttachment(
      staged_db, [&](const std::string& id, int64_t size) -> base::Status {
        if (manifest->absent.count(id)) return base::Ok();
        if (!IsPhotoId(id)) return base::Internal("the backup is damaged: a photo id is malformed");
        auto d =
            CopyDurably(PhotoPath(from + "/" + kAttachmentsDir, id), PhotoPath(staged_photos, id));
        if (!d) return tl::unexpected(d.error());
        if (d->bytes != size || d->blake2b != id) {
          return base::Internal("the backup is damaged: the photo " + id +
                                " does not match its name or size");
        }
        photos.push_back(id);
        return base::Ok();
      });
  if (!staged) return Fail(staged.error());

  // Verified: the photos first (harmless extra files should the database not follow), then the
  // database in one rename. A server started meanwhile would be caught here.
  if (auto st = CheckNotInUse(target); !st) return Fail(st.error());
  std::set<std::string> shards;
  for (const auto& id : photos) {
    fs::create_directories(photos_to + "/" + id.substr(0, 2), ec);
    if (ec || ::rename(PhotoPath(staged_photos, id).c_str(), PhotoPath(photos_to, id).c_str())) {
      std::string message = "cannot move the photo ";
      message.append(id).append(" into ").append(photos_to);
      return Fail(base::Fail(base::Code::kUnavailable, message));
    }
    shards.insert(id.substr(0, 2));
  }
  if (auto st = SyncPhotoDirectories(photos_to, shards); !st) return Fail(st.error());
  std::string kept;
  if (existing) {
    // The old database with its log, under one new name (SQLite finds a log by the name).
    kept = target + ".pre-restore-" + UtcStamp(base::SystemClock().NowMs(), true);
    for (const char* part : {"", "-wal", "-journal"}) {
      if (fs::exists(target + part, ec) &&
          ::rename((target + part).c_str(), (kept + part).c_str()) != 0) {
        return Fail(base::Fail(
            base::Code::kUnavailable,
            "cannot move " + target + part + " aside: " + std::generic_category().message(errno)));
      }
    }
  }
  fs::remove(target + "-shm", ec);  // derived from the log; stale once the database changed
  if (::rename(staged_db.c_str(), target.c_str()) != 0) {
    return Fail(base::Fail(base::Code::kUnavailable, "cannot rename " + staged_db + " to " +
                                                         target + ": " +
                                                         std::generic_category().message(errno)));
  }
  cleanup.Done();
  fs::remove_all(staged_photos, ec);
  if (auto st = SyncDirectory(target_dir); !st) return Fail(st.error());

  std::cout << "restored the backup of " << manifest->created_at << " from " << from << " into "
            << target << ": " << summary->cases << " cases, " << summary->case_events
            << " case events, " << photos.size() << " photo files; integrity check ok\n";
  if (!kept.empty()) std::cout << "the database it replaced is kept as " << kept << "\n";
  if (!manifest->absent.empty()) {
    std::cerr << "civicgrid: WARNING: " << manifest->absent.size()
              << " photos were already missing when the backup was taken (see its manifest)\n";
  }
  return 0;
}

}  // namespace civicgrid::cli
