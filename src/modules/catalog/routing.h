// Pure routing rules: which time limit and which responsibility rule apply to a case.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/catalog/catalog.h"

namespace civicgrid::catalog {

// The most specific time limit for (kind, code, urgency, stage), or nullopt when none matches.
std::optional<TimeLimitRule> MatchTimeLimit(const std::vector<TimeLimitRule>& rules,
                                            CategoryKind kind, const std::string& code,
                                            Urgency urgency, Stage stage);

// The rule for a category in a grid: the most specific area containing the grid wins, then the
// most specific category. nullopt when no rule covers it.
std::optional<ResponsibilityRule> MatchResponsibility(const std::vector<ResponsibilityRule>& rules,
                                                      CategoryKind kind, const std::string& code,
                                                      const std::string& grid_code);

}  // namespace civicgrid::catalog
