// CatalogRepository on the neutral SQL layer (SQLite or PostgreSQL).
#pragma once

#include "modules/catalog/catalog_repository.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlCatalogRepository final : public catalog::CatalogRepository {
 public:
  explicit SqlCatalogRepository(Db& db) : db_(db) {}
  base::Result<std::vector<catalog::Category>> ListCategories() override;
  base::Result<std::optional<catalog::Category>> GetCategory(catalog::CategoryKind kind,
                                                             const std::string& code) override;
  base::Status UpsertCategories(const std::vector<catalog::Category>& rows) override;
  base::Result<std::vector<catalog::Department>> ListDepartments() override;
  base::Result<std::optional<catalog::Department>> GetDepartment(int64_t id) override;
  base::Result<std::vector<catalog::Department>> UpsertDepartments(
      std::vector<catalog::Department> rows) override;
  base::Result<std::vector<catalog::TimeLimitRule>> ListTimeLimits() override;
  base::Status ReplaceTimeLimits(const std::vector<catalog::TimeLimitRule>& rows) override;
  base::Result<std::vector<catalog::ResponsibilityRule>> ListResponsibilityRules() override;
  base::Status ReplaceResponsibilityRules(
      const std::vector<catalog::ResponsibilityRule>& rows) override;
  base::Result<int64_t> CatalogVersion() override;

 private:
  Db& db_;
};

// "a;b;c" ↔ {"a","b","c"}; shared by the repositories that store small lists in one column.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(const std::string& joined);
std::string JoinIds(const std::vector<int64_t>& ids);  // ",4,5," so that LIKE '%,4,%' matches
std::vector<int64_t> SplitIds(const std::string& joined);

}  // namespace civicgrid::storage::sql
