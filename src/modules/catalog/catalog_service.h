// The catalog service: reads for everyone signed in, CSV imports (all or nothing) for admins, and
// the routing lookups the case workflow needs.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "modules/access/actor.h"
#include "modules/areas/area_repository.h"
#include "modules/catalog/catalog.h"
#include "modules/catalog/catalog_repository.h"

namespace civicgrid::catalog {

// Thread-safe; both repositories must outlive it.
class CatalogService {
 public:
  CatalogService(CatalogRepository& repo, areas::AreaRepository& areas)
      : repo_(repo), areas_(areas) {}

  // Any signed-in actor.
  [[nodiscard]] base::Result<std::vector<Category>> Categories(const access::Actor& actor);
  [[nodiscard]] base::Result<std::vector<Department>> Departments(const access::Actor& actor);
  [[nodiscard]] base::Result<std::vector<TimeLimitRule>> TimeLimits(const access::Actor& actor);
  [[nodiscard]] base::Result<std::vector<ResponsibilityRule>> Responsibility(
      const access::Actor& actor);

  // Admin only. Each validates every row, reports bad ones as "line N" → reason, and writes
  // nothing unless all rows are good. Returns the number of rows imported.
  [[nodiscard]] base::Result<int> ImportCategoriesCsv(const access::Actor& actor,
                                                      std::string_view text);
  [[nodiscard]] base::Result<int> ImportDepartmentsCsv(const access::Actor& actor,
                                                       std::string_view text);
  [[nodiscard]] base::Result<int> ImportTimeLimitsCsv(const access::Actor& actor,
                                                      std::string_view text);
  [[nodiscard]] base::Result<int> ImportResponsibilityCsv(const access::Actor& actor,
                                                          std::string_view text);
  // Admin, district manager and dispatchers: the list in the import format.
  [[nodiscard]] base::Result<std::string> ExportResponsibilityCsv(const access::Actor& actor);

  // Lookups for other services (no actor: the caller has already authorized its own request),
  // answered from a copy of the catalog. The copy is re-read when the stored catalog version has
  // moved: checked at once after this service's own imports, and at most once a second otherwise
  // (another serve process's import shows here within a second).
  [[nodiscard]] base::Result<std::optional<Category>> FindCategory(CategoryKind kind,
                                                                   const std::string& code);
  [[nodiscard]] base::Result<std::optional<Department>> FindDepartment(int64_t id);
  [[nodiscard]] base::Result<std::optional<ResponsibilityRule>> Suggest(
      CategoryKind kind, const std::string& code, const std::string& grid_code);
  [[nodiscard]] base::Result<std::optional<TimeLimitRule>> TimeLimitFor(CategoryKind kind,
                                                                        const std::string& code,
                                                                        Urgency urgency,
                                                                        Stage stage);

 private:
  struct Snapshot {
    int64_t version = -1;
    std::map<std::pair<CategoryKind, std::string>, Category> categories;
    std::map<int64_t, Department> departments;
    std::vector<TimeLimitRule> time_limits;
    std::vector<ResponsibilityRule> rules;
  };
  // The current copy, re-read from storage when the version stored there differs.
  base::Result<std::shared_ptr<const Snapshot>> Current();
  // The next Current() checks the stored version (after a write of ours).
  void Invalidate();

  CatalogRepository& repo_;
  areas::AreaRepository& areas_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;            // guarded by mu_
  std::chrono::steady_clock::time_point checked_at_{};  // guarded by mu_: last version check
};

}  // namespace civicgrid::catalog
