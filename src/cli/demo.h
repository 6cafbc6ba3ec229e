// `civicgrid serve --demo`: a fresh database with the real 长宁区 areas (synthetic polygons), the
// national taxonomy, default time limits, departments, a responsibility list and one user per
// role, placed so that they work together.
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "cli/runtime.h"

namespace civicgrid::cli {

struct DemoUser {
  std::string username;
  std::string password;
  std::string area_code;
};

// The shipped national taxonomy and default time limits (share_dir's taxonomy.csv and
// time-limits.csv), as the demo and the generator load them.
[[nodiscard]] base::Status LoadReferenceCatalog(Runtime& rt);

// Loads everything into an empty database. Returns the users by role.
[[nodiscard]] base::Result<std::map<std::string, DemoUser>> LoadDemo(Runtime& rt);

// Writes <data_dir>/demo-users.json as {"<role>": {"username": …, "password": …}}.
[[nodiscard]] base::Status WriteDemoUsers(const std::string& path,
                                          const std::map<std::string, DemoUser>& users);

}  // namespace civicgrid::cli
