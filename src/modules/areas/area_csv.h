// Reading areas from CSV: `code,name,level,parent_code` (the NBS list format), with optional grid
// columns grid_type, households, grid_leader, post_a, post_b, and optional lng/lat of a centre.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "modules/areas/areas_service.h"

namespace civicgrid::areas {

// Parsed rows and the rows that could not be parsed ("line N" → reason); the service reports
// both together with its own checks, so one import names every bad row at once.
struct AreaRows {
  std::vector<AreaImportRow> rows;
  std::map<std::string, std::string> errors;
};

// Rows above a district (province, city) are skipped: a deployment serves districts and below.
// Fails only when the file itself is unreadable (no header, missing columns, broken quoting).
[[nodiscard]] base::Result<AreaRows> ParseAreasCsv(std::string_view text);

}  // namespace civicgrid::areas
