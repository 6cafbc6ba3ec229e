// GeoJSON reading: polygons for areas, in WGS-84 or converted from GCJ-02.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "geo/geometry.h"
#include "modules/areas/areas_service.h"

namespace civicgrid::api {

// A Polygon or MultiPolygon geometry object. `gcj02` converts every coordinate to WGS-84.
[[nodiscard]] base::Result<geo::MultiPolygon> ParseGeometry(const nlohmann::json& geometry,
                                                            bool gcj02);

// A FeatureCollection whose features carry properties code, name, level, parent_code (and the
// optional grid fields). Every bad feature is reported as "feature N" → reason.
[[nodiscard]] base::Result<std::vector<areas::AreaImportRow>> ParseAreasGeoJson(
    const std::string& text, bool gcj02);

}  // namespace civicgrid::api
