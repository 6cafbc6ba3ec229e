#include "storage/database.h"

#include "base/clock.h"
#include "storage/migrations.h"
#include "storage/postgres/connection.h"
#include "storage/sqlite/connection.h"

namespace civicgrid::storage {
namespace {

// Serializes migrations of processes sharing one PostgreSQL database (any fixed key will do).
constexpr int64_t kMigrationLockKey = 0x43697669634772;  // "CivicGr"

void Migrate(sql::Db& db) {
  const bool pg = db.GetDialect() == sql::Dialect::kPostgres;
  db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT "
      "NULL)");
  const auto& all = pg ? PostgresMigrations() : SqliteMigrations();
  for (const auto& m : all) {
    db.Conn().Begin();
    try {
      if (pg) {
        sql::Stmt lock(db, "SELECT pg_advisory_xact_lock(?)");
        lock.Bind(1, kMigrationLockKey).Run();
      }
      sql::Stmt check(db, "SELECT 1 FROM schema_migrations WHERE name = ?");
      check.Bind(1, m.name);
      if (!check.Step()) {
        db.Exec(m.sql);
        sql::Stmt mark(db, "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)");
        mark.Bind(1, m.name).Bind(2, base::SystemClock().NowMs()).Run();
      }
      db.Exec("COMMIT");
    } catch (...) {
      db.Conn().Rollback();
      throw;
    }
  }
}

}  // namespace

base::Result<std::unique_ptr<sql::Db>> OpenDatabase(const std::string& value,
                                                    const OpenOptions& options) {
  auto url = sql::ParseDatabaseUrl(value);
  auto connect = [&] {
    return url.dialect == sql::Dialect::kPostgres ? postgres::Connect(url.target)
                                                  : sqlite::Connect(url.target);
  };
  auto conn = connect();
  if (!conn) return tl::unexpected(conn.error());
  std::vector<std::unique_ptr<sql::Connection>> readers;
  for (int i = 0; i < options.readers; ++i) {
    auto reader = connect();
    if (!reader) return tl::unexpected(reader.error());
    try {
      (*reader)->Exec(url.dialect == sql::Dialect::kPostgres
                          ? "SET default_transaction_read_only = on"
                          : "PRAGMA query_only = 1");
    } catch (...) {
      return tl::unexpected(sql::ErrorFromException());
    }
    readers.push_back(std::move(*reader));
  }
  auto db = std::make_unique<sql::Db>(std::move(*conn), std::move(readers));
  // Migrations run on the writer (a write of one, outside the batching: they manage their own
  // transactions).
  auto migrated = db->Exclusive<void>([&](sql::Db& d) {
    if (options.reset && d.GetDialect() == sql::Dialect::kPostgres) {
      d.Exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    }
    Migrate(d);
  });
  if (!migrated) return tl::unexpected(migrated.error());
  if (db->GetDialect() == sql::Dialect::kPostgres) {
    // Lock order tip → case rows for every write transaction of every process (a batch holds
    // the tip from its first audited task on; taking it first keeps two batches from deadlocking).
    db->SetWritePrologue("SELECT seq FROM audit_tip WHERE id = 1 FOR UPDATE");
  }
  return db;
}

}  // namespace civicgrid::storage
