// Storage interface for the catalog; implemented in storage/. Replace* calls are one
// transaction each: all or nothing.
#pragma once

#include <optional>
#include <vector>

#include "base/status.h"
#include "modules/catalog/catalog.h"

namespace civicgrid::catalog {

// Implementations are thread-safe.
class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  [[nodiscard]] virtual base::Result<std::vector<Category>> ListCategories() = 0;
  [[nodiscard]] virtual base::Result<std::optional<Category>> GetCategory(
      CategoryKind kind, const std::string& code) = 0;
  [[nodiscard]] virtual base::Status UpsertCategories(const std::vector<Category>& rows) = 0;

  [[nodiscard]] virtual base::Result<std::vector<Department>> ListDepartments() = 0;
  [[nodiscard]] virtual base::Result<std::optional<Department>> GetDepartment(int64_t id) = 0;
  // Inserts departments without an id (assigning one) and updates those with one.
  [[nodiscard]] virtual base::Result<std::vector<Department>> UpsertDepartments(
      std::vector<Department> rows) = 0;

  [[nodiscard]] virtual base::Result<std::vector<TimeLimitRule>> ListTimeLimits() = 0;
  [[nodiscard]] virtual base::Status ReplaceTimeLimits(const std::vector<TimeLimitRule>& rows) = 0;

  [[nodiscard]] virtual base::Result<std::vector<ResponsibilityRule>> ListResponsibilityRules() = 0;
  [[nodiscard]] virtual base::Status ReplaceResponsibilityRules(
      const std::vector<ResponsibilityRule>& rows) = 0;

  // Moves with every write above, in the same transaction (a cache key for readers).
  [[nodiscard]] virtual base::Result<int64_t> CatalogVersion() = 0;
};

}  // namespace civicgrid::catalog
