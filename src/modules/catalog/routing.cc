#include "modules/catalog/routing.h"

#include "modules/areas/area_code.h"

namespace civicgrid::catalog {
namespace {

// How specifically `pattern` names `code`: 3 exact, 2 a class prefix, 1 wildcard; -1 no match.
int CodeSpecificity(const std::string& pattern, const std::string& code) {
  if (pattern == "*") return 1;
  if (pattern == code) return 3;
  if (pattern.size() < code.size() && code.compare(0, pattern.size(), pattern) == 0) return 2;
  return -1;
}

int KindSpecificity(const std::optional<CategoryKind>& pattern, CategoryKind kind) {
  if (!pattern) return 0;
  return *pattern == kind ? 1 : -1;
}

}  // namespace

std::optional<TimeLimitRule> MatchTimeLimit(const std::vector<TimeLimitRule>& rules,
                                            CategoryKind kind, const std::string& code,
                                            Urgency urgency, Stage stage) {
  std::optional<TimeLimitRule> best;
  int best_score = -1;
  for (const auto& rule : rules) {
    if (rule.urgency != urgency || rule.stage != stage) continue;
    int k = KindSpecificity(rule.kind, kind);
    int c = CodeSpecificity(rule.code, code);
    if (k < 0 || c < 0) continue;
    int score = c * 2 + k;
    if (score > best_score) {
      best_score = score;
      best = rule;
    }
  }
  return best;
}

std::optional<ResponsibilityRule> MatchResponsibility(const std::vector<ResponsibilityRule>& rules,
                                                      CategoryKind kind, const std::string& code,
                                                      const std::string& grid_code) {
  std::optional<ResponsibilityRule> best;
  size_t best_area = 0;
  int best_category = -1;
  for (const auto& rule : rules) {
    if (!areas::Within(rule.area_code, grid_code)) continue;
    int k = KindSpecificity(rule.kind, kind);
    int c = CodeSpecificity(rule.category_code, code);
    if (k < 0 || c < 0) continue;
    size_t area = areas::SignificantPrefix(rule.area_code).size();
    int category = c * 2 + k;
    if (!best || area > best_area || (area == best_area && category > best_category)) {
      best = rule;
      best_area = area;
      best_category = category;
    }
  }
  return best;
}

}  // namespace civicgrid::catalog
