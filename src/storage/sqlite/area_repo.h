// AreaRepository on SQLite. Polygons are stored as WKT.
#pragma once

#include "modules/areas/area_repository.h"
#include "storage/sqlite/db.h"

namespace civicgrid::storage::sqlite {

class SqliteAreaRepository final : public areas::AreaRepository {
 public:
  explicit SqliteAreaRepository(Db& db) : db_(db) {}
  base::Result<std::optional<areas::Area>> GetArea(const std::string& code) override;
  base::Result<std::vector<areas::Area>> ChildAreas(const std::string& code) override;
  base::Result<std::vector<areas::Area>> AreasAtLevel(areas::AreaLevel level) override;
  base::Result<std::vector<areas::Area>> AreasWithin(const std::string& code,
                                                     areas::AreaLevel level) override;
  base::Status UpsertAreas(const std::vector<areas::Area>& areas) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sqlite
