// /api/v1/areas/*: locate a point, read the tree, import CSV or GeoJSON.
#include <charconv>
#include <cmath>

#include "api/dto.h"
#include "api/geojson.h"
#include "api/handler_util.h"
#include "modules/areas/area_csv.h"

namespace civicgrid::api {
namespace {

std::optional<double> ParseCoordinate(const std::string& text) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

void AddAreaRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/areas/locate", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      std::map<std::string, std::string> errors;
      auto get = [&](const char* name) {
        auto it = r.query.find(name);
        return it == r.query.end() ? std::string() : it->second;
      };
      auto lng = ParseCoordinate(get("lng"));
      auto lat = ParseCoordinate(get("lat"));
      if (!lng || *lng < -180 || *lng > 180) errors["lng"] = "required: a longitude in degrees";
      if (!lat || *lat < -90 || *lat > 90) errors["lat"] = "required: a latitude in degrees";
      if (!errors.empty()) {
        return ErrorResponse(base::InvalidFields("bad coordinates", errors).value());
      }
      auto found = s.areas->Locate(actor, geo::Point(*lng, *lat));
      if (!found) return ErrorResponse(found.error());
      return JsonResponse(200, {{"grid", AreaJson(found->grid, false)},
                                {"community", AreaBrief(found->community)},
                                {"street", AreaBrief(found->street)},
                                {"district", AreaBrief(found->district)}});
    });
  });
  router.Add("GET", "/api/v1/areas/{code}", [&s](const http::Request& r, const http::Params& p) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto area = s.areas->Get(actor, p.at("code"));
      if (!area) return ErrorResponse(area.error());
      bool boundary = r.query.count("boundary") && r.query.at("boundary") != "false";
      return JsonResponse(200, AreaJson(*area, boundary));
    });
  });
  router.Add("GET", "/api/v1/areas/{code}/children",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto children = s.areas->Children(actor, p.at("code"));
                 if (!children) return ErrorResponse(children.error());
                 bool boundary = r.query.count("boundary") && r.query.at("boundary") != "false";
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& a : *children) items.push_back(AreaJson(a, boundary));
                 return JsonResponse(200, {{"items", items}, {"total", items.size()}});
               });
             });
  router.Add("GET", "/api/v1/areas/{code}/grids",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto grids = s.areas->Within(actor, p.at("code"), areas::AreaLevel::kGrid);
                 if (!grids) return ErrorResponse(grids.error());
                 bool boundary = r.query.count("boundary") && r.query.at("boundary") != "false";
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& a : *grids) items.push_back(AreaJson(a, boundary));
                 return JsonResponse(200, {{"items", items}, {"total", items.size()}});
               });
             });
  // CSV (text/csv) or GeoJSON (application/geo+json or ?format=geojson); ?crs=gcj02 converts
  // GeoJSON coordinates from the Chinese web-map datum.
  router.Add("POST", "/api/v1/areas/import", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      if (auto st = s.areas->MayImport(actor); !st) return ErrorResponse(st.error());
      std::string type = r.Header("content-type");
      bool geojson = type.find("json") != std::string::npos ||
                     (r.query.count("format") && r.query.at("format") == "geojson");
      bool gcj02 = r.query.count("crs") && r.query.at("crs") == "gcj02";
      auto rows = geojson ? ParseAreasGeoJson(r.body, gcj02) : areas::ParseAreasCsv(r.body);
      if (!rows) return ErrorResponse(rows.error());
      auto summary = s.areas->Import(actor, std::move(rows->rows), std::move(rows->errors));
      if (!summary) return ErrorResponse(summary.error());
      return JsonResponse(200, {{"imported", summary->imported}});
    });
  });
}

}  // namespace civicgrid::api
