// The catalog the case workflow routes by: the category tree (GB/T 47678.5-2026 codes, with the
// older GB/T 30428.2 codes as aliases), departments and the areas they serve, time limits as data,
// and the responsibility list (责任清单).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/working_calendar.h"

namespace civicgrid::catalog {

// 部件 (a physical asset) or 事项 (a matter: behaviour or a situation).
enum class CategoryKind { kComponent, kMatter };
const char* KindName(CategoryKind kind);
// Accepts component/matter and the Chinese 部件/事项 of the national tables.
std::optional<CategoryKind> ParseKind(std::string_view token);

struct Category {
  CategoryKind kind = CategoryKind::kMatter;
  std::string code;  // 2 digits for a class, 5 for a type
  int level = 1;     // 1 class, 2 type
  std::string name;
  std::string parent_code;  // empty for a class
  std::string standard;     // e.g. "GB/T 47678.5-2026"
  std::string legacy_code;  // GB/T 30428.2 alias, may be empty
};

struct Department {
  int64_t id = 0;
  std::string name;                     // 长宁区城管执法大队华阳路中队 …
  std::string kind;                     // enforcement, police, market, housing, greening, ...
  std::vector<std::string> area_codes;  // areas it serves
};

enum class Urgency { kNormal, kUrgent };
const char* UrgencyName(Urgency urgency);
std::optional<Urgency> ParseUrgency(std::string_view token);

// Stages that carry a clock.
enum class Stage { kRegister, kClaim, kHandle, kVerify };
const char* StageName(Stage stage);
std::optional<Stage> ParseStage(std::string_view token);

// (kind or *, code or * or a class code, urgency, stage) → duration. The most specific row wins:
// an exact type code beats its class code, which beats "*" with a kind, which beats "*" / "*".
struct TimeLimitRule {
  std::optional<CategoryKind> kind;  // nullopt = any
  std::string code;                  // "*" = any
  Urgency urgency = Urgency::kNormal;
  Stage stage = Stage::kHandle;
  base::Duration duration{0, base::DurationUnit::kWorkingHour};
  std::string source;
};

// (category, area) → primary department and assisting ones. The most specific area wins, then
// the most specific category.
struct ResponsibilityRule {
  int64_t id = 0;
  std::optional<CategoryKind> kind;  // nullopt = any
  std::string category_code;         // "*", a class code, or a type code
  std::string area_code;
  int64_t department_id = 0;
  std::vector<int64_t> assisting_department_ids;
};

}  // namespace civicgrid::catalog
