// Bulk loading for `civicgrid gen`: users and whole case histories written by each engine's
// fastest path — SQLite: prepared inserts in large transactions without a journal; PostgreSQL:
// COPY — with the secondary indexes of cases and case_events dropped while loading and rebuilt
// at the end. Only for a database nobody else is using; a crash midway leaves it unusable (run
// the generator again on a fresh database).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/working_calendar.h"
#include "modules/auth/user.h"
#include "modules/cases/case.h"
#include "storage/sql/db.h"
#include "storage/sql/stats_accumulator.h"

namespace civicgrid::storage::sql {

struct CaseHistory {
  cases::Case c;  // id and number already assigned
  std::vector<cases::CaseEvent> events;
};

class BulkLoader {
 public:
  explicit BulkLoader(Db& db) : db_(db) {}

  // The largest id in `table` (0 when empty): ids to continue from.
  [[nodiscard]] base::Result<int64_t> MaxId(const std::string& table);
  // Drops the secondary indexes of cases and case_events, creates the counters' staging tables,
  // relaxes durability (SQLite).
  [[nodiscard]] base::Status Begin();
  // Users with their ids set.
  [[nodiscard]] base::Status AddUsers(const std::vector<auth::User>& users);
  // One transaction per call; events get fresh ids in order.
  [[nodiscard]] base::Status AddCases(const std::vector<CaseHistory>& batch);
  // Adds counter rows of the indicators (a StatsAccumulator's), in one transaction. They are
  // staged unsummed in tables without any index (a key may come again: a case's late events add
  // to a day already given) and summed into the stored rows by Finish, in key order: appending
  // to the primary keys instead of upserting at random places in a tree of tens of millions of
  // rows.
  [[nodiscard]] base::Status AddStats(const StatRows& rows);
  // Then, in this order (separate steps so that a long load can say where it is):
  // sums the staged counters into the stored ones and drops the staging;
  [[nodiscard]] base::Status SumStats();
  // rebuilds the indexes Begin dropped;
  [[nodiscard]] base::Status RebuildIndexes();
  // records the last number per case-number prefix, gathers the planner's statistics (sampled on
  // SQLite), moves the id sequences (PostgreSQL) past the loaded rows, restores durability and
  // makes it all durable.
  [[nodiscard]] base::Status Finish(const std::map<std::string, int64_t>& last_numbers);

 private:
  Db& db_;
  std::vector<std::string> dropped_indexes_;  // their CREATE statements
};

}  // namespace civicgrid::storage::sql
