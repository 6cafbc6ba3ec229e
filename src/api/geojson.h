// GeoJSON reading: polygons for areas, in WGS-84 or converted from GCJ-02.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "geo/geometry.h"
#include "modules/areas/area_csv.h"

namespace civicgrid::api {

// A Polygon or MultiPolygon geometry object. `gcj02` converts every coordinate to WGS-84.
[[nodiscard]] base::Result<geo::MultiPolygon> ParseGeometry(const nlohmann::json& geometry,
                                                            bool gcj02);

// A FeatureCollection whose features carry properties code, name, level, parent_code (and the
// optional grid fields). Bad features are collected as "line N" → reason, N counting features
// from 1, for AreasService::Import to report together with its own checks.
[[nodiscard]] base::Result<areas::AreaRows> ParseAreasGeoJson(const std::string& text, bool gcj02);

}  // namespace civicgrid::api
