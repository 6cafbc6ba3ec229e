// W3C / ISO 8601 date-times as other systems send them (Open311 filters, imported histories).
#pragma once

#include <optional>
#include <string_view>

#include "base/clock.h"

namespace civicgrid::base {

// "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" or a date alone "YYYY-MM-DD" (local midnight); without an
// offset the time is local, `local_offset_ms` east of UTC (Shanghai: +8 h). nullopt when
// malformed or invalid.
std::optional<TimeMs> ParseIsoDateTime(std::string_view text, int64_t local_offset_ms);

}  // namespace civicgrid::base
