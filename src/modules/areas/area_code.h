// National area codes and the containment they encode: a district is PPCCDD000000, a street
// PPCCDDTTT000, a community PPCCDDTTTVVV (NBS statistical codes) and a unit grid its community's
// 12 digits plus a 3-digit sequence (GB/T 30428.1). Scope checks are prefix tests on these codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "modules/areas/area.h"

namespace civicgrid::areas {

// The level a well-formed code denotes, or nullopt when the code is malformed.
std::optional<AreaLevel> LevelOfCode(std::string_view code);

// The significant prefix of a code: 6 digits for a district, 9 for a street, 12 for a community,
// all 15 for a grid. Precondition: LevelOfCode(code) has a value.
std::string_view SignificantPrefix(std::string_view code);

// True when `code` lies inside (or is) the area `scope`. Malformed codes are never within.
bool Within(std::string_view scope, std::string_view code);

// The code of the enclosing area at `level` (e.g. the street of a grid), or nullopt when `code`
// is malformed or already above `level`.
std::optional<std::string> AncestorAt(std::string_view code, AreaLevel level);

// Half-open range [low, high) of codes within `scope`, for range scans over sorted codes; an
// empty range when `scope` is malformed.
std::pair<std::string, std::string> CodeRange(std::string_view scope);

}  // namespace civicgrid::areas
