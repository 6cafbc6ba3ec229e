// The daily counters of the indicators (cases/case_stats.h) in SQL: added to in the case
// events' transactions, summed for the evaluation (SqlEvaluationRepository), rebuilt from the
// events.
#pragma once

#include <string>
#include <vector>

#include "modules/cases/case_stats.h"
#include "modules/evaluation/evaluation_repository.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

// Inside a write: adds `deltas` (of one district) to their rows.
void AddStats(Db& db, const std::string& district_code,
              const std::vector<cases::StatDelta>& deltas);

class SqlEvaluationRepository final : public evaluation::EvaluationRepository {
 public:
  explicit SqlEvaluationRepository(Db& db) : db_(db) {}
  base::Result<std::map<std::string, evaluation::Counters>> Sum(
      const std::string& district_code, const std::vector<std::string>& scopes, int64_t first_day,
      int64_t last_day) override;
  base::Result<std::map<int64_t, evaluation::Counters>> Daily(const std::string& district_code,
                                                              const std::string& scope,
                                                              int64_t first_day,
                                                              int64_t last_day) override;
  base::Result<evaluation::Entry> AddEntry(evaluation::Entry entry) override;
  base::Result<std::vector<evaluation::Entry>> ListEntries(const std::string& district_code,
                                                           const std::vector<std::string>& scopes,
                                                           int64_t first_day,
                                                           int64_t last_day) override;
  base::Result<int64_t> Rebuild(const base::WorkingCalendar& calendar) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
