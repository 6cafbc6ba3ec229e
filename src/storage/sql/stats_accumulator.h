// The indicators' counters of many case histories summed in memory, for the bulk loader of
// `civicgrid gen`: what the write path adds per event (cases/case_stats.h), at tens of millions
// of events. Scopes and counter names are interned to small numbers; area counters are kept per
// grid and rolled up to the community, street and district when a day is written.
#pragma once

#include <tsl/robin_map.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/working_calendar.h"
#include "modules/cases/case.h"
#include "storage/sql/db.h"
#include "storage/sql/stat_table.h"

namespace civicgrid::storage::sql {

// Thread-compatible: one thread at a time.
class StatsAccumulator {
 public:
  // Adds the counters of one case's events, oldest first.
  void Add(const cases::Case& c, const std::vector<cases::CaseEvent>& events,
           const base::WorkingCalendar& calendar);
  // The held counters of the days before `before_day` as day rows (a grid's also for its
  // community, street and district), and of the months that ended before it as month rows,
  // forgotten here.
  StatRows Take(int64_t before_day);

 private:
  struct Scope {
    std::string district;
    std::string key;                  // "a:<code>", "d:<id>", "p:<id>"
    std::array<uint32_t, 3> parents;  // a grid's community, street and district scopes
    std::array<uint32_t, 2> intake;   // a grid's street and district intake scopes
    bool grid = false;
  };
  // The keys below keep information in their high bits, and std::hash of an integer is the
  // integer while the table masks off its low bits: mixed first (murmur3's finaliser).
  struct Mix {
    size_t operator()(uint64_t x) const {
      x ^= x >> 33;
      x *= 0xff51afd7ed558ccdULL;
      x ^= x >> 33;
      x *= 0xc4ceb9fe1a85ec53ULL;
      return static_cast<size_t>(x ^ (x >> 33));
    }
  };
  // (scope << 16 | metric) → (n, ms). Open addressing (robin hood): tens of millions of counter
  // updates without an allocation each.
  using Counters = tsl::robin_map<uint64_t, std::pair<int64_t, int64_t>, Mix>;

  uint32_t Intern(const std::string& district, std::string key);
  uint32_t District(const std::string& district);
  uint32_t GridScope(const cases::Case& c);
  uint32_t Subject(const std::string& district, char kind, int64_t id);
  uint16_t Metric(const std::string& name);
  void Emit(const Counters& counters, Span span, int64_t start, StatRows& out) const;

  std::vector<Scope> scopes_;
  tsl::robin_map<std::string, uint32_t> scope_ids_;  // district \t key → index
  tsl::robin_map<std::string, uint32_t> grid_ids_;   // grid code → index
  tsl::robin_map<std::string, uint32_t> districts_;  // district code → small number
  // district number << 40 | (department ? 1 : 0) << 39 | id → index, for ids below 2^39
  // (larger ones are looked up by their text in scope_ids_).
  tsl::robin_map<uint64_t, uint32_t, Mix> subject_ids_;
  std::vector<std::string> metrics_;
  std::vector<std::optional<std::pair<int, int>>> metric_columns_;  // nullopt: an intake counter
  tsl::robin_map<std::string, uint16_t> metric_ids_;
  std::map<int64_t, Counters> days_;    // local day → its counters
  std::map<int64_t, Counters> months_;  // month's first day → the same, for the days taken
};

}  // namespace civicgrid::storage::sql
