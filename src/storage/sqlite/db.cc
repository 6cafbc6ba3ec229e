#include "storage/sqlite/db.h"

#include "storage/migrations.h"

namespace civicgrid::storage::sqlite {
namespace {

base::Code CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return base::Code::kUnavailable;
    case SQLITE_FULL:
      return base::Code::kResourceExhausted;
    case SQLITE_CONSTRAINT:
      return base::Code::kConflict;
    default:
      return base::Code::kInternal;
  }
}

[[noreturn]] void Throw(sqlite3* db, int rc, std::string_view what) {
  throw DbError(CodeFor(rc), std::string(what) + ": " + sqlite3_errmsg(db));
}

constexpr int kBusyTimeoutMs = 5000;

}  // namespace

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) Throw(db, rc, "prepare");
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::Bind(int i, int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  if (int rc = sqlite3_bind_double(stmt_, i, v); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

Stmt& Stmt::Bind(int i, const std::optional<int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }

Stmt& Stmt::BindNull(int i) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) Throw(db_, rc, "bind");
  return *this;
}

bool Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Throw(db_, rc, "step");
}

void Stmt::Run() {
  while (Step()) {
  }
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::optional<int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

base::Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return base::Fail(base::Code::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Db> db(new Db(raw));
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  auto migrated = db->With<void>(false, [](Db& d) {
    d.Exec("PRAGMA journal_mode=WAL");
    d.Exec("PRAGMA synchronous=FULL");
    d.Exec("PRAGMA foreign_keys=ON");
    d.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at "
        "INTEGER NOT NULL)");
    for (const auto& m : SqliteMigrations()) {
      Stmt check(d.Raw(), "SELECT 1 FROM schema_migrations WHERE name = ?");
      check.Bind(1, m.name);
      if (check.Step()) continue;
      d.Exec("BEGIN IMMEDIATE");
      try {
        d.Exec(m.sql);
        Stmt mark(
            d.Raw(),
            "INSERT INTO schema_migrations(name, applied_at) VALUES (?, strftime('%s','now'))");
        mark.Bind(1, m.name).Run();
        d.Exec("COMMIT");
      } catch (...) {
        sqlite3_exec(d.Raw(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
    }
  });
  if (!migrated) return tl::unexpected(migrated.error());
  return db;
}

Db::~Db() { sqlite3_close(db_); }

void Db::Exec(std::string_view sql) {
  std::string copy(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    throw DbError(CodeFor(rc), "exec: " + msg);
  }
}

base::Error ErrorFromException() {
  try {
    throw;
  } catch (const DbError& e) {
    return base::Error{e.StatusCode(), e.what(), {}, {}};
  } catch (const std::exception& e) {
    return base::Error{base::Code::kInternal, e.what(), {}, {}};
  }
}

}  // namespace civicgrid::storage::sqlite
