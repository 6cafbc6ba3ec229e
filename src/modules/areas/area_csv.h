// Reading areas from CSV: `code,name,level,parent_code` (the NBS list format), with optional grid
// columns grid_type, households, grid_leader, post_a, post_b, and optional lng/lat of a centre.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "modules/areas/areas_service.h"

namespace civicgrid::areas {

// Rows above a district (province, city) are skipped: a deployment serves districts and below.
// Parse errors are collected for every row ("line N" → reason) and returned together.
[[nodiscard]] base::Result<std::vector<AreaImportRow>> ParseAreasCsv(std::string_view text);

}  // namespace civicgrid::areas
