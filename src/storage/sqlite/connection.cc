#include "storage/sqlite/connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace civicgrid::storage::sqlite {
namespace {

base::Code CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return base::Code::kUnavailable;
    case SQLITE_FULL:
      return base::Code::kStorageFull;
    case SQLITE_CONSTRAINT:
      return base::Code::kConflict;
    default:
      return base::Code::kInternal;
  }
}

[[noreturn]] void Throw(sqlite3* db, int rc, std::string_view what) {
  throw sql::DbError(CodeFor(rc), std::string(what) + ": " + sqlite3_errmsg(db));
}

constexpr int kBusyTimeoutMs = 5000;

class SqliteStmt final : public sql::StmtImpl {
 public:
  SqliteStmt(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) Throw(db, rc, "prepare");
  }
  ~SqliteStmt() override { sqlite3_finalize(stmt_); }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  void BindInt(int i, int64_t v) override { Check(sqlite3_bind_int64(stmt_, i, v)); }
  void BindDouble(int i, double v) override { Check(sqlite3_bind_double(stmt_, i, v)); }
  void BindText(int i, std::string_view v) override {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void BindNull(int i) override { Check(sqlite3_bind_null(stmt_, i)); }

  bool Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
      return false;
    }
    Throw(db_, rc, "step");
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    changes_ = 0;
  }

  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (p == nullptr) return "";
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Changes() const override { return changes_; }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Throw(db_, rc, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int64_t changes_ = 0;
};

class SqliteConnection final : public sql::Connection {
 public:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteConnection() override {
    sqlite3_close(db_);
    if (wal_fd_ >= 0) ::close(wal_fd_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sql::Dialect GetDialect() const override { return sql::Dialect::kSqlite; }
  void Exec(std::string_view sql) override {
    std::string copy(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      throw sql::DbError(CodeFor(rc), "exec: " + msg);
    }
  }
  std::unique_ptr<sql::StmtImpl> Prepare(std::string_view sql) override {
    return std::make_unique<SqliteStmt>(db_, sql);
  }
  void Begin() override { Exec("BEGIN IMMEDIATE"); }
  void Rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  // Commits run with synchronous=NORMAL: SQLite appends them to the write-ahead log without
  // waiting for the disk. One fdatasync of the log file then makes every commit appended before
  // it durable (the log's frame checksums make recovery stop at the last whole commit). The file
  // is opened by path, once; SQLite keeps the same file while any connection is open and
  // rewrites it in place after checkpoints, and a checkpoint syncs the log before it copies.
  void SyncCommitted() override {
    // The log is deleted when the journal mode leaves WAL (the bulk loader does) and created
    // again when it comes back: sync the file that is there now.
    struct stat now_at_path {};
    struct stat open_file {};
    if (wal_fd_ >= 0 &&
        (::stat((path_ + "-wal").c_str(), &now_at_path) != 0 || ::fstat(wal_fd_, &open_file) != 0 ||
         now_at_path.st_ino != open_file.st_ino || now_at_path.st_dev != open_file.st_dev)) {
      ::close(wal_fd_);
      wal_fd_ = -1;
    }
    if (wal_fd_ < 0) {
      wal_fd_ = ::open((path_ + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
      if (wal_fd_ < 0 && errno == ENOENT) return;  // no log yet: nothing was appended
      if (wal_fd_ < 0) throw sql::DbError(base::Code::kUnavailable, "cannot open write-ahead log");
      SyncDirectory();  // the log's directory entry, once, when it may just have been created
    }
    if (::fdatasync(wal_fd_) != 0) {
      throw sql::DbError(errno == ENOSPC ? base::Code::kStorageFull : base::Code::kUnavailable,
                         std::string("fdatasync of the write-ahead log: ") + std::strerror(errno));
    }
  }

 private:
  // fsyncs the database file itself (after the bulk loader wrote it without syncs).
  void SyncDatabaseFile() override {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      int err = errno;
      if (fd >= 0) ::close(fd);
      throw sql::DbError(base::Code::kUnavailable,
                         std::string("fsync of the database file: ") + std::strerror(err));
    }
    ::close(fd);
  }

  void SyncDirectory() {
    auto slash = path_.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
  }

  sqlite3* db_;
  std::string path_;
  int wal_fd_ = -1;  // used only by SyncCommitted, which the Db runs one at a time
};

}  // namespace

base::Result<std::unique_ptr<sql::Connection>> Connect(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return base::Fail(base::Code::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  auto conn = std::make_unique<SqliteConnection>(raw, path);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  try {
    {
      auto mode = conn->Prepare("PRAGMA journal_mode=WAL");
      if (!mode->Step() || mode->Text(0) != "wal") {
        return base::Fail(base::Code::kUnavailable,
                          "cannot put " + path + " in WAL mode (group commit needs it)");
      }
    }
    conn->Exec("PRAGMA synchronous=NORMAL");  // durability comes from SyncCommitted
    conn->Exec("PRAGMA foreign_keys=ON");
  } catch (...) {
    return tl::unexpected(sql::ErrorFromException());
  }
  return std::unique_ptr<sql::Connection>(std::move(conn));
}

}  // namespace civicgrid::storage::sqlite
