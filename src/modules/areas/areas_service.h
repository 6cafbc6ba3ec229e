// The areas service: reads the four-level tree, locates a point in its unit grid through an
// R-tree, and imports areas with all-or-nothing validation.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "geo/geometry.h"
#include "geo/grid_index.h"
#include "modules/access/actor.h"
#include "modules/areas/area.h"
#include "modules/areas/area_repository.h"

namespace civicgrid::areas {

// The grid holding a point and its ancestors, without their boundaries.
struct Located {
  Area grid;
  Area community;
  Area street;
  Area district;
};

struct AreaImportRow {
  int line = 0;  // where the row came from, for error reports
  Area area;
};

struct ImportSummary {
  int imported = 0;
};

// Thread-safe. The repository must outlive the service.
class AreasService {
 public:
  explicit AreasService(AreaRepository& repo) : repo_(repo) {}

  // Rebuilds the grid index from storage; call after start-up. Locate also rebuilds it when the
  // stored areas version has moved (checked at most once a second: another serve process's
  // import shows here within a second; this process's own imports at once).
  [[nodiscard]] base::Status Reload();

  // Any authenticated actor. kNotFound when the point lies in no grid.
  [[nodiscard]] base::Result<Located> Locate(const access::Actor& actor, geo::Point p) const;
  // Unauthenticated reads are not offered: every caller is an actor.
  [[nodiscard]] base::Result<Area> Get(const access::Actor& actor, const std::string& code) const;
  [[nodiscard]] base::Result<std::vector<Area>> Children(const access::Actor& actor,
                                                         const std::string& code) const;

  // Every area at `level` inside `code` (e.g. the grids of a street), for maps.
  [[nodiscard]] base::Result<std::vector<Area>> Within(const access::Actor& actor,
                                                       const std::string& code,
                                                       AreaLevel level) const;

  // Ok when the actor may import areas (admins and the system): checked before any parsing.
  [[nodiscard]] base::Status MayImport(const access::Actor& actor) const;

  // Admin only. Validates every row (code format, level matching the code, known parent, name)
  // and applies nothing when any row is bad: the error's fields map "line N" to the reason,
  // merged with `parse_errors` (rows a reader could not turn into areas).
  [[nodiscard]] base::Result<ImportSummary> Import(
      const access::Actor& actor, std::vector<AreaImportRow> rows,
      std::map<std::string, std::string> parse_errors = {});

 private:
  AreaRepository& repo_;
  mutable std::mutex mu_;
  // Builds the index from storage. Const because the index is a cache of storage, guarded by mu_.
  base::Status RebuildIndex() const;

  // A cache of storage, rebuilt when the areas version moves: the grid index, and every grid and
  // its ancestors without their boundaries, so that Locate reads no rows.
  struct Snapshot {
    geo::GridIndex index;
    std::unordered_map<std::string, Area> areas;
  };
  mutable std::shared_ptr<const Snapshot> index_;
  mutable int64_t index_version_ = -1;  // the areas version the index was built from
  mutable std::chrono::steady_clock::time_point checked_at_{};  // the last version check
};

}  // namespace civicgrid::areas
