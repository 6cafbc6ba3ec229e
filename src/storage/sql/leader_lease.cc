#include "storage/sql/leader_lease.h"

#include <chrono>
#include <random>

#include "storage/postgres/connection.h"

namespace civicgrid::storage::sql {
namespace {

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SQLite: one row per lease; the holder renews it on every Hold, another process takes it only
// once it has expired (a leader that stopped renewing: crashed, hung or shut down).
class RowLease final : public base::LeaderLease {
 public:
  RowLease(Db& db, std::string name) : db_(db), name_(std::move(name)) {
    std::random_device rd;
    holder_ = std::to_string(rd()) + "-" + std::to_string(rd());
  }
  // A clean shutdown hands the lease on at once instead of letting it expire.
  ~RowLease() override {
    (void)db_.With<void>(true, [&](Db& db) {
      Stmt drop(db, "DELETE FROM leases WHERE name = ? AND holder = ?");
      drop.Bind(1, name_).Bind(2, holder_).Run();
    });
  }
  RowLease(const RowLease&) = delete;
  RowLease& operator=(const RowLease&) = delete;
  bool Hold() override {
    const int64_t now = WallMs();
    auto held = db_.With<bool>(true, [&](Db& db) {
      Stmt take(db,
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at "
                "WHERE leases.holder = excluded.holder OR leases.expires_at < ?");
      take.Bind(1, name_).Bind(2, holder_).Bind(3, now + kTtlMs).Bind(4, now).Run();
      Stmt who(db, "SELECT holder FROM leases WHERE name = ?");
      who.Bind(1, name_);
      return who.Step() && who.Text(0) == holder_;
    });
    return held && *held;
  }

 private:
  // Longer than a scheduler interval plus a run, so that a live leader never loses it between
  // renewals; a crashed leader's lease passes on after this, a stopped one's at once.
  static constexpr int64_t kTtlMs = 180'000;
  Db& db_;
  std::string name_;
  std::string holder_;
};

// PostgreSQL: a session-level advisory lock on a dedicated connection.
class AdvisoryLease final : public base::LeaderLease {
 public:
  AdvisoryLease(std::string url, int64_t key) : url_(std::move(url)), key_(key) {}
  bool Hold() override {
    if (!db_) {
      auto conn = postgres::Connect(url_);
      if (!conn) return false;
      db_ = std::make_unique<Db>(std::move(*conn));
      held_ = false;
    }
    auto held = db_->With<bool>(false, [&](Db& db) {
      if (held_) {
        Stmt alive(db, "SELECT 1");
        return alive.Step();
      }
      Stmt take(db, "SELECT pg_try_advisory_lock(?)");
      take.Bind(1, key_);
      return take.Step() && (take.Text(0) == "t" || take.Text(0) == "true");
    });
    if (!held) {  // the session (and with it the lock) is gone: reconnect on the next call
      db_.reset();
      held_ = false;
      return false;
    }
    held_ = *held;
    return held_;
  }

 private:
  std::string url_;
  int64_t key_;
  std::unique_ptr<Db> db_;
  bool held_ = false;
};

// A stable key per lease name (FNV-1a), far from the migration lock's key.
int64_t KeyOf(const std::string& name) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : name) h = (h ^ ch) * 1099511628211ULL;
  return static_cast<int64_t>(h >> 1);
}

}  // namespace

base::Result<std::unique_ptr<base::LeaderLease>> MakeLeaderLease(const std::string& database,
                                                                 Db& db, const std::string& name) {
  auto url = ParseDatabaseUrl(database);
  if (url.dialect == Dialect::kPostgres) {
    return std::unique_ptr<base::LeaderLease>(
        std::make_unique<AdvisoryLease>(url.target, KeyOf(name)));
  }
  return std::unique_ptr<base::LeaderLease>(std::make_unique<RowLease>(db, name));
}

}  // namespace civicgrid::storage::sql
