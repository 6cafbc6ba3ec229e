#include "modules/access/actor.h"

#include <array>
#include <utility>

namespace civicgrid::access {
namespace {

constexpr std::array<std::pair<Role, const char*>, 9> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kDistrictManager, "district_manager"},
    {Role::kDispatcher, "dispatcher"},
    {Role::kDepartmentHandler, "department_handler"},
    {Role::kCommunityWorker, "community_worker"},
    {Role::kInspector, "inspector"},
    {Role::kLeader, "leader"},
    {Role::kResident, "resident"},
    {Role::kSystem, "system"},
}};

}  // namespace

const char* RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "resident";
}

std::optional<Role> ParseRole(std::string_view token) {
  for (const auto& [r, name] : kRoleNames) {
    if (token == name && r != Role::kSystem) return r;
  }
  return std::nullopt;
}

Actor SystemActor() {
  Actor actor;
  actor.username = "system";
  actor.role = Role::kSystem;
  return actor;
}

}  // namespace civicgrid::access
