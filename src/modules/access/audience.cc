#include "modules/access/audience.h"

namespace civicgrid::access {

std::string UserAudience(int64_t user_id) { return "user:" + std::to_string(user_id); }

std::string DepartmentAudience(int64_t department_id) {
  return "dept:" + std::to_string(department_id);
}

std::string RoleAudience(Role role, const std::string& area_code) {
  return std::string(RoleName(role)) + "@" + area_code;
}

std::vector<std::string> AudiencesOf(const Actor& actor) {
  std::vector<std::string> out;
  if (actor.role == Role::kSystem || actor.user_id == 0) return out;
  out.push_back(UserAudience(actor.user_id));
  if (actor.department_id) out.push_back(DepartmentAudience(*actor.department_id));
  switch (actor.role) {
    case Role::kDistrictManager:
    case Role::kDispatcher:
    case Role::kCommunityWorker:
    case Role::kInspector:
      if (!actor.area_code.empty()) out.push_back(RoleAudience(actor.role, actor.area_code));
      break;
    default:
      break;
  }
  return out;
}

}  // namespace civicgrid::access
