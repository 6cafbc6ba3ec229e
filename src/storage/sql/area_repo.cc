#include "storage/sql/area_repo.h"

#include <boost/geometry/io/wkt/wkt.hpp>
#include <iomanip>
#include <sstream>

#include "modules/areas/area_code.h"

namespace civicgrid::storage::sql {
namespace {

constexpr const char* kColumns =
    "code, name, level, parent_code, boundary_wkt, center_lng, center_lat, vintage, grid_type, "
    "households, grid_leader, post_a, post_b";

areas::Area Read(const Stmt& s) {
  areas::Area a;
  a.code = s.Text(0);
  a.name = s.Text(1);
  a.level = areas::ParseLevel(s.Text(2)).value_or(areas::AreaLevel::kGrid);
  a.parent_code = s.Text(3);
  std::string wkt = s.Text(4);
  if (!wkt.empty()) boost::geometry::read_wkt(wkt, a.boundary);
  if (!s.IsNull(5)) a.center = geo::Point(s.Double(5), s.Double(6));
  a.vintage = s.Text(7);
  a.grid_type = areas::ParseGridType(s.Text(8)).value_or(areas::GridType::kNone);
  a.households = static_cast<int>(s.Int(9));
  a.grid_leader = s.Text(10);
  a.post_a = s.Text(11);
  a.post_b = s.Text(12);
  return a;
}

}  // namespace

base::Result<std::optional<areas::Area>> SqlAreaRepository::GetArea(const std::string& code) {
  return db_.With<std::optional<areas::Area>>(false, [&](Db& db) {
    Stmt s(db, std::string("SELECT ") + kColumns + " FROM areas WHERE code = ?");
    s.Bind(1, code);
    std::optional<areas::Area> out;
    if (s.Step()) out = Read(s);
    return out;
  });
}

base::Result<std::vector<areas::Area>> SqlAreaRepository::ChildAreas(const std::string& code) {
  return db_.With<std::vector<areas::Area>>(false, [&](Db& db) {
    Stmt s(db,
           std::string("SELECT ") + kColumns + " FROM areas WHERE parent_code = ? ORDER BY code");
    s.Bind(1, code);
    std::vector<areas::Area> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  });
}

base::Result<std::vector<areas::Area>> SqlAreaRepository::AreasAtLevel(areas::AreaLevel level) {
  return db_.With<std::vector<areas::Area>>(false, [&](Db& db) {
    Stmt s(db, std::string("SELECT ") + kColumns + " FROM areas WHERE level = ? ORDER BY code");
    s.Bind(1, std::string_view(areas::LevelName(level)));
    std::vector<areas::Area> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  });
}

base::Result<std::vector<areas::Area>> SqlAreaRepository::AreasWithin(const std::string& code,
                                                                      areas::AreaLevel level) {
  return db_.With<std::vector<areas::Area>>(false, [&](Db& db) {
    auto [low, high] = areas::CodeRange(code);
    Stmt s(db, std::string("SELECT ") + kColumns +
                   " FROM areas WHERE level = ? AND code >= ? AND code < ? ORDER BY code");
    s.Bind(1, std::string_view(areas::LevelName(level))).Bind(2, low).Bind(3, high);
    std::vector<areas::Area> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  });
}

base::Result<int64_t> SqlAreaRepository::AreasVersion() {
  return db_.With<int64_t>(false, [&](Db& db) {
    Stmt s(db, "SELECT value FROM meta WHERE name = 'areas_version'");
    return s.Step() ? s.Int(0) : int64_t{0};
  });
}

base::Status SqlAreaRepository::UpsertAreas(const std::vector<areas::Area>& rows) {
  return db_.With<void>(true, [&](Db& db) {
    // A row without a polygon or centre (a plain CSV update of names or staff) keeps the ones
    // already stored: re-importing the statistical list must not erase the map.
    Stmt s(db, std::string("INSERT INTO areas (") + kColumns +
                   ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
                   "name = excluded.name, level = excluded.level, "
                   "parent_code = excluded.parent_code, "
                   "boundary_wkt = CASE WHEN excluded.boundary_wkt = '' "
                   "THEN areas.boundary_wkt ELSE excluded.boundary_wkt END, "
                   "center_lng = COALESCE(excluded.center_lng, areas.center_lng), "
                   "center_lat = COALESCE(excluded.center_lat, areas.center_lat), "
                   "vintage = CASE WHEN excluded.vintage = '' THEN areas.vintage "
                   "ELSE excluded.vintage END, grid_type = excluded.grid_type, "
                   "households = excluded.households, grid_leader = excluded.grid_leader, "
                   "post_a = excluded.post_a, post_b = excluded.post_b");
    for (const auto& a : rows) {
      s.Reset();
      std::ostringstream wkt;
      if (!a.boundary.empty()) wkt << std::setprecision(10) << boost::geometry::wkt(a.boundary);
      s.Bind(1, a.code).Bind(2, a.name).Bind(3, std::string_view(areas::LevelName(a.level)));
      s.Bind(4, a.parent_code).Bind(5, wkt.str());
      if (a.center) {
        s.Bind(6, a.center->x()).Bind(7, a.center->y());
      } else {
        s.BindNull(6).BindNull(7);
      }
      s.Bind(8, a.vintage).Bind(9, std::string_view(areas::GridTypeName(a.grid_type)));
      s.Bind(10, int64_t{a.households}).Bind(11, a.grid_leader).Bind(12, a.post_a);
      s.Bind(13, a.post_b);
      s.Run();
    }
    Stmt bump(db, "UPDATE meta SET value = value + 1 WHERE name = 'areas_version'");
    bump.Run();
  });
}

}  // namespace civicgrid::storage::sql
