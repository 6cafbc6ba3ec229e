// Storage interface for areas; implemented in storage/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "modules/areas/area.h"

namespace civicgrid::areas {

// Implementations are thread-safe.
class AreaRepository {
 public:
  virtual ~AreaRepository() = default;
  [[nodiscard]] virtual base::Result<std::optional<Area>> GetArea(const std::string& code) = 0;
  // Children of `code` ordered by code.
  [[nodiscard]] virtual base::Result<std::vector<Area>> ChildAreas(const std::string& code) = 0;
  // Every area at `level`, with boundaries.
  [[nodiscard]] virtual base::Result<std::vector<Area>> AreasAtLevel(AreaLevel level) = 0;
  // Every area at `level` inside `code` (e.g. all grids of a street), ordered by code.
  [[nodiscard]] virtual base::Result<std::vector<Area>> AreasWithin(const std::string& code,
                                                                    AreaLevel level) = 0;
  // A number that changes with every UpsertAreas, in any process sharing the database.
  [[nodiscard]] virtual base::Result<int64_t> AreasVersion() = 0;
  // Inserts or replaces all of `areas` in one transaction: all or nothing.
  [[nodiscard]] virtual base::Status UpsertAreas(const std::vector<Area>& areas) = 0;
};

}  // namespace civicgrid::areas
