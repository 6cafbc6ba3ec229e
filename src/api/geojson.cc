#include "api/geojson.h"

#include <map>

#include "geo/coords.h"
#include "geo/shapes.h"

namespace civicgrid::api {
namespace {

bool ReadRing(const nlohmann::json& j, bool gcj02, std::vector<geo::Point>* out) {
  if (!j.is_array() || j.size() < 4) return false;
  for (const auto& p : j) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) return false;
    geo::Point pt(p[0].get<double>(), p[1].get<double>());
    if (pt.x() < -180 || pt.x() > 180 || pt.y() < -90 || pt.y() > 90) return false;
    out->push_back(gcj02 ? geo::Gcj02ToWgs84(pt) : pt);
  }
  return true;
}

bool ReadPolygon(const nlohmann::json& rings, bool gcj02, geo::Polygon* out) {
  if (!rings.is_array() || rings.empty()) return false;
  for (size_t i = 0; i < rings.size(); ++i) {
    std::vector<geo::Point> ring;
    if (!ReadRing(rings[i], gcj02, &ring)) return false;
    if (i == 0) {
      out->outer().assign(ring.begin(), ring.end());
    } else {
      out->inners().emplace_back(ring.begin(), ring.end());
    }
  }
  return true;
}

}  // namespace

base::Result<geo::MultiPolygon> ParseGeometry(const nlohmann::json& g, bool gcj02) {
  if (!g.is_object() || !g.contains("type") || !g.contains("coordinates")) {
    return base::InvalidArgument("geometry", "must be a GeoJSON Polygon or MultiPolygon");
  }
  geo::MultiPolygon mp;
  const auto& type = g["type"];
  const auto& coords = g["coordinates"];
  if (type == "Polygon") {
    geo::Polygon poly;
    if (!ReadPolygon(coords, gcj02, &poly)) {
      return base::InvalidArgument("geometry", "bad Polygon coordinates (rings of ≥ 4 [lng,lat])");
    }
    mp.push_back(std::move(poly));
  } else if (type == "MultiPolygon" && coords.is_array()) {
    for (const auto& rings : coords) {
      geo::Polygon poly;
      if (!ReadPolygon(rings, gcj02, &poly)) {
        return base::InvalidArgument("geometry", "bad MultiPolygon coordinates");
      }
      mp.push_back(std::move(poly));
    }
  } else {
    return base::InvalidArgument("geometry", "must be a Polygon or MultiPolygon");
  }
  boost::geometry::correct(mp);
  if (geo::AreaOf(mp) <= 0) return base::InvalidArgument("geometry", "the polygon has no area");
  return mp;
}

base::Result<areas::AreaRows> ParseAreasGeoJson(const std::string& text, bool gcj02) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    return base::Fail(base::Code::kInvalidArgument, "the body is not valid JSON");
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string() ||
      j["type"] != "FeatureCollection" || !j.contains("features") || !j["features"].is_array()) {
    return base::InvalidArgument("type", "must be a GeoJSON FeatureCollection");
  }
  std::vector<areas::AreaImportRow> rows;
  std::map<std::string, std::string> errors;
  int n = 0;
  for (const auto& f : j["features"]) {
    ++n;
    std::string key = "line " + std::to_string(n);
    const auto props = f.is_object() && f.contains("properties") && f["properties"].is_object()
                           ? f["properties"]
                           : nlohmann::json::object();
    auto str = [&](const char* name) {
      auto it = props.find(name);
      if (it == props.end()) return std::string();
      if (it->is_string()) return it->get<std::string>();
      if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
      return std::string();
    };
    areas::AreaImportRow row;
    row.line = n;  // reported as "line N": the Nth feature
    row.area.code = str("code");
    row.area.name = str("name");
    row.area.parent_code = str("parent_code");
    row.area.vintage = str("vintage");
    auto level = areas::ParseLevel(str("level"));
    if (!level) {
      errors[key] = "properties.level: must be district, street, community or grid";
      continue;
    }
    row.area.level = *level;
    if (*level == areas::AreaLevel::kGrid) {
      row.area.grid_type =
          areas::ParseGridType(str("grid_type")).value_or(areas::GridType::kRoutine);
      constexpr int64_t kMaxHouseholds = 100000;
      if (props.contains("households")) {
        const auto& h = props["households"];
        if (!h.is_number_integer() || h.get<int64_t>() < 0 || h.get<int64_t>() > kMaxHouseholds) {
          errors[key] = "properties.households: must be a whole number from 0 to 100000";
          continue;
        }
        row.area.households = static_cast<int>(h.get<int64_t>());
      }
      row.area.grid_leader = str("grid_leader");
      row.area.post_a = str("post_a");
      row.area.post_b = str("post_b");
    }
    if (!f.is_object() || !f.contains("geometry")) {
      errors[key] = "geometry: required";
      continue;
    }
    auto shape = ParseGeometry(f["geometry"], gcj02);
    if (!shape) {
      errors[key] = shape.error().message;
      continue;
    }
    row.area.boundary = std::move(*shape);
    row.area.center = geo::InteriorPoint(row.area.boundary);
    rows.push_back(std::move(row));
  }
  return areas::AreaRows{std::move(rows), std::move(errors)};
}

}  // namespace civicgrid::api
