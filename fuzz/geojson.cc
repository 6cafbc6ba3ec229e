// The GeoJSON area import (POST /api/v1/areas/import with a FeatureCollection): ParseAreasGeoJson
// in WGS-84 and from GCJ-02, and ParseGeometry on a bare geometry. Every row it accepts must carry
// a polygon of positive area in range and a finite centre.
#include "api/geojson.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz/fuzz_check.h"
#include "geo/shapes.h"

namespace {

namespace areas = civicgrid::areas;
namespace geo = civicgrid::geo;
using civicgrid::fuzz::Check;

// GCJ-02 → WGS-84 moves a point by well under a degree.
constexpr double kGcj02Slack = 1.0;

void CheckShape(const geo::MultiPolygon& shape, bool gcj02) {
  Check(!shape.empty() && geo::AreaOf(shape) > 0, "an accepted shape has an area");
  const double slack = gcj02 ? kGcj02Slack : 0;
  auto check_ring = [&](const geo::Polygon::ring_type& ring) {
    for (const auto& p : ring) {
      Check(std::isfinite(p.x()) && std::isfinite(p.y()), "coordinates are finite");
      Check(std::fabs(p.x()) <= 180 + slack && std::fabs(p.y()) <= 90 + slack,
            "coordinates are degrees");
    }
  };
  for (const auto& poly : shape) {
    check_ring(poly.outer());
    for (const auto& inner : poly.inners()) check_ring(inner);
  }
}

void CheckRows(const areas::AreaRows& parsed, bool gcj02) {
  for (const auto& row : parsed.rows) {
    Check(row.line >= 1, "rows count features from 1");
    CheckShape(row.area.boundary, gcj02);
    Check(row.area.center.has_value(), "an imported area has a centre");
    Check(std::isfinite(row.area.center->x()) && std::isfinite(row.area.center->y()),
          "the centre is finite");
    Check(row.area.households >= 0 && row.area.households <= 100000, "households in range");
  }
  for (const auto& [key, reason] : parsed.errors) {
    Check(key.rfind("line ", 0) == 0 && !reason.empty(), "errors name their feature");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(civicgrid::fuzz::AsText(data, size));
  for (bool gcj02 : {false, true}) {
    auto parsed = civicgrid::api::ParseAreasGeoJson(text, gcj02);
    if (parsed) CheckRows(*parsed, gcj02);
  }
  // A bare geometry, as the same reader takes it from a feature.
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_discarded()) {
    auto shape = civicgrid::api::ParseGeometry(j, false);
    if (shape) CheckShape(*shape, false);
  }
  return 0;
}
