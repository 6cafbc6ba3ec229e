// The storage ceiling of case intake: the rows one report writes (its day's case-number counter,
// its case row and its report event, the same columns the server writes) inserted straight through
// the SQLite C API with prepared statements, `--batch` reports per transaction, each transaction
// durable (WAL, synchronous=FULL), into an existing CivicGrid database (schema and indexes as
// migrated, and whatever cases it already holds). Prints reports/s. The server's intake rate
// divided by this is the share of the storage ceiling the whole HTTP path keeps. Usage:
// bench_sqlite_ceiling <database file> [reports=200000] [batch=256]
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "modules/cases/case.h"
#include "storage/sql/case_rows.h"

namespace {

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

// Binds WriteCase / WriteEvent values to a raw statement.
struct RawBinder {
  sqlite3* db;
  sqlite3_stmt* s;
  int i = 1;
  RawBinder& operator()(int64_t v) {
    Check(db, sqlite3_bind_int64(s, i++, v), "bind");
    return *this;
  }
  RawBinder& operator()(double v) {
    Check(db, sqlite3_bind_double(s, i++, v), "bind");
    return *this;
  }
  RawBinder& operator()(std::string_view v) {
    Check(db, sqlite3_bind_text(s, i++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT),
          "bind");
    return *this;
  }
  RawBinder& operator()(const std::optional<int64_t>& v) {
    if (v) return (*this)(*v);
    Check(db, sqlite3_bind_null(s, i++), "bind");
    return *this;
  }
};

}  // namespace

int main(int argc, char** argv) {
  using civicgrid::storage::sql::kCaseColumns;
  using civicgrid::storage::sql::kEventColumns;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <database file> [reports] [batch]\n", argv[0]);
    return 2;
  }
  const long reports = argc > 2 ? std::atol(argv[2]) : 200000;
  const long batch = argc > 3 ? std::atol(argv[3]) : 256;
  sqlite3* db = nullptr;
  Check(db, sqlite3_open(argv[1], &db), "open");
  Check(db,
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nullptr, nullptr,
                     nullptr),
        "pragma");
  std::string case_sql = std::string("INSERT INTO cases (") + kCaseColumns + ") VALUES (";
  for (int i = 0; i < civicgrid::storage::sql::kCaseColumnCount; ++i) case_sql += i ? ",?" : "?";
  case_sql += ")";
  std::string event_sql = std::string("INSERT INTO case_events (") + kEventColumns +
                          ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
  sqlite3_stmt* next_number = nullptr;
  Check(db,
        sqlite3_prepare_v2(
            db,
            "INSERT INTO case_numbers (prefix, last) VALUES (?, 1) ON CONFLICT(prefix) "
            "DO UPDATE SET last = case_numbers.last + 1 RETURNING last",
            -1, &next_number, nullptr),
        "prepare");
  sqlite3_stmt* insert_case = nullptr;
  sqlite3_stmt* insert_event = nullptr;
  Check(db, sqlite3_prepare_v2(db, case_sql.c_str(), -1, &insert_case, nullptr), "prepare");
  Check(db, sqlite3_prepare_v2(db, event_sql.c_str(), -1, &insert_event, nullptr), "prepare");

  civicgrid::cases::Case c;
  c.district_code = "910101000000";
  c.street_code = "910101001000";
  c.community_code = "910101001001";
  c.grid_code = "910101001001001";
  c.category_code = "06010";
  c.description = "bench report";
  c.address = "bench";
  c.lng = 121.4;
  c.lat = 31.2;
  c.stage = civicgrid::catalog::Stage::kRegister;
  c.version = 1;
  civicgrid::cases::CaseEvent e;
  e.action = "report";
  e.actor_id = 1;
  e.actor_role = "resident";
  e.actor_name = "resident";
  e.details["channel"] = "resident";

  auto start = std::chrono::steady_clock::now();
  const std::string prefix = "BENCH-" + std::to_string(getpid()) + "-";
  for (long done = 0; done < reports;) {
    Check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "begin");
    for (long k = 0; k < batch && done < reports; ++k, ++done) {
      sqlite3_bind_text(next_number, 1, prefix.c_str(), -1, SQLITE_STATIC);
      Check(db, sqlite3_step(next_number), "number");
      c.number = civicgrid::cases::CaseNumber(prefix, sqlite3_column_int64(next_number, 0));
      sqlite3_reset(next_number);
      c.created_at = c.updated_at = c.stage_started_at = 1795622400000 + done;
      c.deadline_at = c.created_at + 3600000;
      RawBinder b{db, insert_case};
      civicgrid::storage::sql::WriteCase(b, c);
      Check(db, sqlite3_step(insert_case), "insert case");
      sqlite3_reset(insert_case);
      e.case_id = sqlite3_last_insert_rowid(db);
      e.at = c.created_at;
      e.note = c.description;
      RawBinder eb{db, insert_event};
      civicgrid::storage::sql::WriteEvent(eb, e, c.district_code);
      Check(db, sqlite3_step(insert_event), "insert event");
      sqlite3_reset(insert_event);
    }
    Check(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit");
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "raw SQLite insert: %ld reports (number, case, event) in %.2f s = %.0f reports/s, %ld per "
      "durable transaction\n",
      reports, seconds, static_cast<double>(reports) / seconds, batch);
  sqlite3_finalize(next_number);
  sqlite3_finalize(insert_case);
  sqlite3_finalize(insert_event);
  sqlite3_close(db);
  return 0;
}
