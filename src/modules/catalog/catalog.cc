#include "modules/catalog/catalog.h"

namespace civicgrid::catalog {

const char* KindName(CategoryKind kind) {
  return kind == CategoryKind::kComponent ? "component" : "matter";
}

std::optional<CategoryKind> ParseKind(std::string_view token) {
  if (token == "component" || token == "部件") return CategoryKind::kComponent;
  if (token == "matter" || token == "事项" || token == "event") return CategoryKind::kMatter;
  return std::nullopt;
}

const char* UrgencyName(Urgency urgency) {
  return urgency == Urgency::kUrgent ? "urgent" : "normal";
}

std::optional<Urgency> ParseUrgency(std::string_view token) {
  if (token == "normal") return Urgency::kNormal;
  if (token == "urgent") return Urgency::kUrgent;
  return std::nullopt;
}

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kRegister:
      return "register";
    case Stage::kClaim:
      return "claim";
    case Stage::kHandle:
      return "handle";
    case Stage::kVerify:
      return "verify";
  }
  return "handle";
}

std::optional<Stage> ParseStage(std::string_view token) {
  if (token == "register") return Stage::kRegister;
  if (token == "claim") return Stage::kClaim;
  if (token == "handle") return Stage::kHandle;
  if (token == "verify") return Stage::kVerify;
  return std::nullopt;
}

}  // namespace civicgrid::catalog
