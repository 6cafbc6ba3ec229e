// CaseRepository on the neutral SQL layer (SQLite or PostgreSQL): the case row and its events
// change in one transaction.
#pragma once

#include "modules/cases/case_repository.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlCaseRepository final : public cases::CaseRepository {
 public:
  explicit SqlCaseRepository(Db& db) : db_(db) {}
  base::Result<cases::Case> CreateCase(cases::Case c, cases::CaseEvent event,
                                       const cases::EventEffects& effects,
                                       const std::string& number_prefix) override;
  base::Result<std::optional<cases::Case>> GetCase(int64_t id) override;
  base::Result<std::optional<int64_t>> FindCaseByRef(const cases::CaseRef& ref) override;
  base::Result<std::vector<cases::CaseRef>> ListRefs(int64_t case_id) override;
  base::Status ImportCases(const std::vector<cases::ImportedCase>& cases,
                           const std::function<void(int64_t)>& written) override;
  base::Result<std::vector<cases::CaseEvent>> ListEvents(int64_t case_id,
                                                         const std::string& district_code) override;
  base::Status ApplyChanges(const std::vector<cases::CaseChange>& changes) override;
  base::Result<cases::CasePage> ListCases(const cases::CaseQuery& query) override;
  base::Result<std::vector<cases::Case>> ListUnattendedOverdue(
      const std::string& district_code, const std::vector<cases::CaseState>& states,
      base::TimeMs deadline_before, const std::string& action, bool below_district,
      int limit) override;
  base::Result<std::vector<cases::Case>> ListUnattendedNearDeadline(
      const std::string& district_code, const std::vector<cases::CaseState>& states,
      base::TimeMs now, int percent, const std::string& action, int limit) override;
  base::Result<std::vector<std::pair<std::string, int64_t>>> CountCases(
      const cases::CaseQuery& query, cases::CaseGroup group) override;
  base::Result<int64_t> LatestCaseId(const std::string& district_code) override;
  base::Result<std::vector<int64_t>> CasesWithAttachment(const std::string& attachment_id) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
