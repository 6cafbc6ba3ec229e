// Audiences: who a notification is addressed to, as a key that the writer of a notice and the
// reader of an inbox derive the same way. A notice goes to one user ("user:<id>"), to everyone
// of a department ("dept:<id>"), or to everyone holding a role in an area ("dispatcher@<street>",
// "inspector@<grid>"), so that a new colleague sees the queue's notices and nothing is fanned out
// per user when it is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "modules/access/actor.h"

namespace civicgrid::access {

std::string UserAudience(int64_t user_id);
std::string DepartmentAudience(int64_t department_id);
std::string RoleAudience(Role role, const std::string& area_code);

// Every audience the actor belongs to (none for the system actor).
std::vector<std::string> AudiencesOf(const Actor& actor);

}  // namespace civicgrid::access
