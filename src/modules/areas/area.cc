#include "modules/areas/area.h"

namespace civicgrid::areas {

const char* LevelName(AreaLevel level) {
  switch (level) {
    case AreaLevel::kDistrict:
      return "district";
    case AreaLevel::kStreet:
      return "street";
    case AreaLevel::kCommunity:
      return "community";
    case AreaLevel::kGrid:
      return "grid";
  }
  return "grid";
}

std::optional<AreaLevel> ParseLevel(std::string_view token) {
  // The national statistical lists say county / town / village; the glossary says
  // district / street / community. Both are accepted.
  if (token == "district" || token == "county") return AreaLevel::kDistrict;
  if (token == "street" || token == "town") return AreaLevel::kStreet;
  if (token == "community" || token == "village") return AreaLevel::kCommunity;
  if (token == "grid") return AreaLevel::kGrid;
  return std::nullopt;
}

const char* GridTypeName(GridType type) {
  switch (type) {
    case GridType::kNone:
      return "";
    case GridType::kRoutine:
      return "routine";
    case GridType::kWatch:
      return "watch";
    case GridType::kFocus:
      return "focus";
    case GridType::kRemediation:
      return "remediation";
  }
  return "";
}

std::optional<GridType> ParseGridType(std::string_view token) {
  if (token == "routine") return GridType::kRoutine;
  if (token == "watch") return GridType::kWatch;
  if (token == "focus") return GridType::kFocus;
  if (token == "remediation") return GridType::kRemediation;
  return std::nullopt;
}

}  // namespace civicgrid::areas
