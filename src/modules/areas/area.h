// Areas: the four-level grid (district → street → community → grid) with national codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "geo/geometry.h"

namespace civicgrid::areas {

enum class AreaLevel { kDistrict, kStreet, kCommunity, kGrid };

// 日常管理型 / 一般防范型 / 重点关注型 / 综合整治型 (seed 002); kNone for non-grid areas.
enum class GridType { kNone, kRoutine, kWatch, kFocus, kRemediation };

const char* LevelName(AreaLevel level);
std::optional<AreaLevel> ParseLevel(std::string_view token);
const char* GridTypeName(GridType type);
std::optional<GridType> ParseGridType(std::string_view token);

struct Area {
  std::string code;  // 12 digits (district/street/community) or 15 (grid)
  std::string name;
  AreaLevel level = AreaLevel::kGrid;
  std::string parent_code;           // empty for the top area
  geo::MultiPolygon boundary;        // WGS-84; may be empty when no polygon is known
  std::optional<geo::Point> center;  // a point inside the area
  std::string vintage;               // statistical-code vintage, e.g. "2016"
  // Grid-only fields.
  GridType grid_type = GridType::kNone;
  int households = 0;
  std::string grid_leader;
  std::string post_a;
  std::string post_b;
};

}  // namespace civicgrid::areas
