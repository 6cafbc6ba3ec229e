// AreaRepository on the neutral SQL layer (SQLite or PostgreSQL). Polygons are stored as WKT.
#pragma once

#include "modules/areas/area_repository.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlAreaRepository final : public areas::AreaRepository {
 public:
  explicit SqlAreaRepository(Db& db) : db_(db) {}
  base::Result<std::optional<areas::Area>> GetArea(const std::string& code) override;
  base::Result<std::vector<areas::Area>> ChildAreas(const std::string& code) override;
  base::Result<std::vector<areas::Area>> AreasAtLevel(areas::AreaLevel level) override;
  base::Result<std::vector<areas::Area>> AreasWithin(const std::string& code,
                                                     areas::AreaLevel level) override;
  base::Result<int64_t> AreasVersion() override;
  base::Status UpsertAreas(const std::vector<areas::Area>& areas) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
