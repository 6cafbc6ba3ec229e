#include "storage/sql/bulk_loader.h"

#include <array>
#include <charconv>
#include <utility>

#include "storage/sql/case_rows.h"
#include "storage/sql/stat_table.h"

namespace civicgrid::storage::sql {
namespace {

// One row in COPY's text format: tab-separated, \N for NULL, backslash escapes.
class CopyRow {
 public:
  explicit CopyRow(std::string& out) : out_(out) {}
  CopyRow& operator()(int64_t v) {
    Sep();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    (void)ec;
    out_.append(buf, end);
    return *this;
  }
  CopyRow& operator()(double v) {
    Sep();
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    (void)ec;
    out_.append(buf, end);
    return *this;
  }
  CopyRow& operator()(std::string_view v) {
    Sep();
    for (char ch : v) {
      switch (ch) {
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += ch;
      }
    }
    return *this;
  }
  CopyRow& operator()(const std::optional<int64_t>& v) {
    if (v) return (*this)(*v);
    Sep();
    out_ += "\\N";
    return *this;
  }
  void End() { out_ += '\n'; }

 private:
  void Sep() {
    if (!first_) out_ += '\t';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

std::string Placeholders(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

constexpr const char* kUserColumns =
    "id, username, display_name, phone, role, area_code, department_id, password_hash, active";

template <typename W>
void WriteUser(W& w, const auth::User& u) {
  using SV = std::string_view;
  w(u.id)(SV(u.username))(SV(u.display_name))(SV(u.phone))(SV(access::RoleName(u.role)));
  w(SV(u.area_code))(u.department_id)(SV(u.password_hash))(int64_t{u.active ? 1 : 0});
}

constexpr int kEventColumnCount = 12;

// The counters' staging tables (see AddStats), beside the tables they are summed into.
constexpr std::array<std::pair<const char*, const char*>, 2> kStaging = {
    {{"load_stat_totals", "stat_totals"}, {"load_intake_totals", "intake_totals"}}};
constexpr const char* kStatKey = "district_code, scope, span, start";

std::string StatTotalsColumns() {
  std::string cols = kStatKey;
  for (const char* name : StatColumnNames()) cols += std::string(", ") + name;
  return cols;
}

void CreateStaging(Db& db) {
  const bool pg = db.GetDialect() == Dialect::kPostgres;
  for (const auto& [staged, table] : kStaging) {
    db.Exec(std::string("DROP TABLE IF EXISTS ") + staged);
    db.Exec(std::string(pg ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ") + staged +
            " AS SELECT * FROM " + table + " WHERE 1 = 0");
  }
}

void StageStats(Db& db, const StatRows& rows) {
  using SV = std::string_view;
  if (db.GetDialect() == Dialect::kPostgres) {
    std::string totals;
    for (const auto& r : rows.totals) {
      CopyRow row(totals);
      row(SV(r.district))(SV(r.scope))(SV(SpanName(r.span)))(r.start);
      for (int64_t v : r.values) row(v);
      row.End();
    }
    std::string intake;
    for (const auto& r : rows.intake) {
      CopyRow row(intake);
      row(SV(r.district))(SV(r.scope))(SV(SpanName(r.span)))(r.start)(SV(r.metric))(r.n);
      row.End();
    }
    if (!totals.empty()) {
      db.Conn().CopyIn("COPY load_stat_totals (" + StatTotalsColumns() + ") FROM STDIN", totals);
    }
    if (!intake.empty()) {
      db.Conn().CopyIn(
          std::string("COPY load_intake_totals (") + kStatKey + ", metric, n) FROM STDIN", intake);
    }
    return;
  }
  RunForStats(db, rows,
              "INSERT INTO load_stat_totals (" + StatTotalsColumns() + ") VALUES (" +
                  Placeholders(4 + static_cast<int>(kStatColumns)) + ")",
              std::string("INSERT INTO load_intake_totals (") + kStatKey + ", metric, n) VALUES (" +
                  Placeholders(6) + ")");
}

// Sums the staged rows per key into the stored ones, in key order, and drops the staging.
// ("WHERE true" settles SQLite's reading of ON CONFLICT after a SELECT.)
void MergeStaging(Db& db) {
  std::string sums;
  std::string set;
  for (const char* name : StatColumnNames()) {
    sums += std::string(", SUM(") + name + ")";
    set += std::string(set.empty() ? "" : ", ") + name + " = stat_totals." + name + " + excluded." +
           name;
  }
  db.Exec("INSERT INTO stat_totals (" + StatTotalsColumns() + ") SELECT " + kStatKey + sums +
          " FROM load_stat_totals WHERE true GROUP BY " + kStatKey + " ORDER BY " + kStatKey +
          " ON CONFLICT (" + kStatKey + ") DO UPDATE SET " + set);
  db.Exec(std::string("INSERT INTO intake_totals (") + kStatKey + ", metric, n) SELECT " +
          kStatKey + ", metric, SUM(n) FROM load_intake_totals WHERE true GROUP BY " + kStatKey +
          ", metric ORDER BY " + kStatKey + ", metric ON CONFLICT (" + kStatKey +
          ", metric) DO UPDATE SET n = intake_totals.n + excluded.n");
  for (const auto& [staged, table] : kStaging) db.Exec(std::string("DROP TABLE ") + staged);
}

}  // namespace

base::Result<int64_t> BulkLoader::MaxId(const std::string& table) {
  return db_.Exclusive<int64_t>([&](Db& db) {
    Stmt s(db, "SELECT COALESCE(MAX(id), 0) FROM " + table);
    return s.Step() ? s.Int(0) : int64_t{0};
  });
}

base::Status BulkLoader::Begin() {
  return db_.Exclusive<void>([&](Db& db) {
    bool pg = db.GetDialect() == Dialect::kPostgres;
    Stmt s(db, pg ? "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                    "('cases', 'case_events') AND indexdef NOT LIKE 'CREATE UNIQUE%'"
                  : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                    "('cases', 'case_events') AND sql IS NOT NULL");
    std::vector<std::string> names;
    while (s.Step()) {
      names.push_back(s.Text(0));
      dropped_indexes_.push_back(s.Text(1));
    }
    s.Reset();
    for (const auto& name : names) db.Exec("DROP INDEX " + name);
    CreateStaging(db);
    if (!pg) {
      // No journal and no syncs while loading; Finish restores WAL and syncs once.
      db.Exec("PRAGMA journal_mode=OFF");
      db.Exec("PRAGMA synchronous=OFF");
      db.Exec("PRAGMA cache_size=-262144");  // 256 MiB
    }
  });
}

base::Status BulkLoader::AddUsers(const std::vector<auth::User>& users) {
  return db_.With<void>(true, [&](Db& db) {
    if (db.GetDialect() == Dialect::kPostgres) {
      std::string data;
      for (const auto& u : users) {
        CopyRow row(data);
        WriteUser(row, u);
        row.End();
      }
      db.Conn().CopyIn(std::string("COPY users (") + kUserColumns + ") FROM STDIN", data);
      return;
    }
    Stmt s(db, std::string("INSERT INTO users (") + kUserColumns + ") VALUES (" + Placeholders(9) +
                   ")");
    for (const auto& u : users) {
      s.Reset();
      Binder b(s, 1);
      WriteUser(b, u);
      s.Run();
    }
  });
}

base::Status BulkLoader::AddCases(const std::vector<CaseHistory>& batch) {
  return db_.With<void>(true, [&](Db& db) {
    if (db.GetDialect() == Dialect::kPostgres) {
      std::string cases;
      std::string events;
      for (const auto& h : batch) {
        CopyRow row(cases);
        row(h.c.id);
        WriteCase(row, h.c);
        row.End();
        for (const auto& e : h.events) {
          CopyRow erow(events);
          WriteEvent(erow, e, h.c.district_code);
          erow.End();
        }
      }
      db.Conn().CopyIn(std::string("COPY cases (id, ") + kCaseColumns + ") FROM STDIN", cases);
      db.Conn().CopyIn(std::string("COPY case_events (") + kEventColumns + ") FROM STDIN", events);
      return;
    }
    Stmt c(db, std::string("INSERT INTO cases (id, ") + kCaseColumns + ") VALUES (" +
                   Placeholders(kCaseColumnCount + 1) + ")");
    Stmt e(db, std::string("INSERT INTO case_events (") + kEventColumns + ") VALUES (" +
                   Placeholders(kEventColumnCount) + ")");
    for (const auto& h : batch) {
      c.Reset();
      Binder b(c, 1);
      b(h.c.id);
      WriteCase(b, h.c);
      c.Run();
      for (const auto& ev : h.events) {
        e.Reset();
        Binder eb(e, 1);
        WriteEvent(eb, ev, h.c.district_code);
        e.Run();
      }
    }
  });
}

base::Status BulkLoader::AddStats(const StatRows& rows) {
  return db_.With<void>(true, [&](Db& db) { StageStats(db, rows); });
}

base::Status BulkLoader::SumStats() {
  return db_.Exclusive<void>([&](Db& db) { MergeStaging(db); });
}

base::Status BulkLoader::RebuildIndexes() {
  return db_.Exclusive<void>([&](Db& db) {
    for (const auto& create : dropped_indexes_) db.Exec(create);
    dropped_indexes_.clear();
  });
}

base::Status BulkLoader::Finish(const std::map<std::string, int64_t>& last_numbers) {
  auto st = db_.Exclusive<void>([&](Db& db) {
    bool pg = db.GetDialect() == Dialect::kPostgres;
    if (pg) {
      for (const char* table : {"users", "cases", "case_events"}) {
        db.Exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                "', 'id'), GREATEST((SELECT MAX(id) FROM " + table + "), 1))");
      }
      db.Exec("ANALYZE");
    } else {
      // A sample of each index is enough for the planner; a full ANALYZE reads every index of a
      // file of many gigabytes.
      db.Exec("PRAGMA analysis_limit=1000");
      db.Exec("ANALYZE");
      db.Exec("PRAGMA analysis_limit=0");
      db.Exec("PRAGMA journal_mode=WAL");
      db.Exec("PRAGMA synchronous=NORMAL");
      db.Exec("PRAGMA cache_size=-2000");
    }
  });
  if (!st) return st;
  st = db_.With<void>(true, [&](Db& db) {
    Stmt s(db,
           "INSERT INTO case_numbers (prefix, last) VALUES (?, ?) ON CONFLICT (prefix) "
           "DO UPDATE SET last = excluded.last");
    for (const auto& [prefix, last] : last_numbers) {
      s.Reset();
      s.Bind(1, prefix).Bind(2, last).Run();
    }
  });
  if (!st) return st;
  // The rows were written without syncs: copy the log into the database file, then fsync that
  // file, which flushes every page written while loading.
  return db_.Exclusive<void>([](Db& db) {
    if (db.GetDialect() != Dialect::kSqlite) return;
    db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db.Conn().SyncDatabaseFile();  // the checkpoint syncs only when it copied something
  });
}

}  // namespace civicgrid::storage::sql
