// Who is calling: the user, role, area scope and department every Service decides access from.
// Every entry point (HTTP, CLI, scheduler) builds an Actor and passes it down; no Service trusts
// its caller to have checked anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace civicgrid::access {

enum class Role {
  kAdmin,              // configures areas, catalog and users; reads everything
  kDistrictManager,    // runs the district centre; acts on every case in the district
  kDispatcher,         // a street grid centre: accepts, dispatches, supervises, closes
  kDepartmentHandler,  // a department's handler: claims and handles what it was sent
  kCommunityWorker,    // residents' committee worker
  kInspector,          // grid inspector: reports, self-handles minor cases, verifies
  kLeader,             // read-only overview of an area
  kResident,           // reports problems and follows their own reports
  kSystem,             // the server itself (scheduler, demo loader)
};

const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view token);

struct Actor {
  int64_t user_id = 0;
  std::string username;
  Role role = Role::kResident;
  std::string area_code;                 // the area this user works in (scope)
  std::optional<int64_t> department_id;  // handlers only
};

// The actor for acts the server performs itself (demo set-up, scheduled supervision).
Actor SystemActor();

}  // namespace civicgrid::access
