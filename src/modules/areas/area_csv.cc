#include "modules/areas/area_csv.h"

#include <charconv>
#include <cmath>
#include <map>

#include "base/csv.h"

namespace civicgrid::areas {
namespace {

constexpr int kMaxHouseholds = 100000;

// A finite decimal number: from_chars also reads "nan" and "inf", and a NaN would pass every
// range check after it.
bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(*out);
}

}  // namespace

base::Result<AreaRows> ParseAreasCsv(std::string_view text) {
  auto table = base::ParseCsv(text);
  if (!table) return tl::unexpected(table.error());
  if (auto st = base::RequireColumns(*table, {"code", "name", "level", "parent_code"}); !st) {
    return tl::unexpected(st.error());
  }
  std::vector<AreaImportRow> rows;
  std::map<std::string, std::string> errors;
  for (const auto& csv_row : table->rows) {
    std::string key = "line " + std::to_string(csv_row.line);
    std::string level_token = table->Cell(csv_row, "level");
    if (level_token == "province" || level_token == "city") continue;
    auto level = ParseLevel(level_token);
    if (!level) {
      errors[key] = "level: '" + level_token + "' is not district, street, community or grid";
      continue;
    }
    AreaImportRow row;
    row.line = csv_row.line;
    row.area.code = table->Cell(csv_row, "code");
    row.area.name = table->Cell(csv_row, "name");
    row.area.level = *level;
    row.area.parent_code = table->Cell(csv_row, "parent_code");
    row.area.vintage = table->Cell(csv_row, "vintage");
    std::string grid_type = table->Cell(csv_row, "grid_type");
    if (!grid_type.empty()) {
      auto parsed = ParseGridType(grid_type);
      if (!parsed || *level != AreaLevel::kGrid) {
        errors[key] = "grid_type: must be routine, watch, focus or remediation, on grids only";
        continue;
      }
      row.area.grid_type = *parsed;
    } else if (*level == AreaLevel::kGrid) {
      row.area.grid_type = GridType::kRoutine;
    }
    std::string households = table->Cell(csv_row, "households");
    if (!households.empty()) {
      int value = -1;
      auto [ptr, ec] =
          std::from_chars(households.data(), households.data() + households.size(), value);
      if (ec != std::errc() || ptr != households.data() + households.size() || value < 0 ||
          value > kMaxHouseholds) {
        errors[key] = "households: must be a whole number from 0 to 100000";
        continue;
      }
      row.area.households = value;
    }
    row.area.grid_leader = table->Cell(csv_row, "grid_leader");
    row.area.post_a = table->Cell(csv_row, "post_a");
    row.area.post_b = table->Cell(csv_row, "post_b");
    std::string lng = table->Cell(csv_row, "lng");
    std::string lat = table->Cell(csv_row, "lat");
    if (!lng.empty() || !lat.empty()) {
      double x = 0;
      double y = 0;
      if (!ParseDouble(lng, &x) || !ParseDouble(lat, &y) || x < -180 || x > 180 || y < -90 ||
          y > 90) {
        errors[key] = "lng/lat: must both be decimal degrees (WGS-84)";
        continue;
      }
      row.area.center = geo::Point(x, y);
    }
    rows.push_back(std::move(row));
  }
  return AreaRows{std::move(rows), std::move(errors)};
}

}  // namespace civicgrid::areas
