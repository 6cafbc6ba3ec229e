#include "modules/auth/auth_service.h"

#include <map>

#include "modules/areas/area.h"
#include "modules/auth/passwords.h"

namespace civicgrid::auth {
namespace {

using access::Role;

constexpr size_t kMinPasswordLength = 8;
constexpr size_t kMaxFieldBytes = 200;

bool ValidUsername(const std::string& s) {
  if (s.size() < 3 || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Which area levels a role's scope may be: the street centre works on a street, an inspector on
// a grid (or a community, for a community's inspection team), a residents' committee worker on a
// community; district-wide roles on a district.
bool LevelFits(Role role, areas::AreaLevel level) {
  using areas::AreaLevel;
  switch (role) {
    case Role::kDispatcher:
      return level == AreaLevel::kStreet;
    case Role::kInspector:
      return level == AreaLevel::kGrid || level == AreaLevel::kCommunity;
    case Role::kCommunityWorker:
      return level == AreaLevel::kCommunity;
    case Role::kAdmin:
    case Role::kDistrictManager:
      return level == AreaLevel::kDistrict;
    case Role::kLeader:
      return level == AreaLevel::kDistrict || level == AreaLevel::kStreet;
    case Role::kDepartmentHandler:
    case Role::kResident:
    case Role::kSystem:
      return true;
  }
  return false;
}

}  // namespace

access::Actor ActorOf(const User& user) {
  access::Actor actor;
  actor.user_id = user.id;
  actor.username = user.username;
  actor.role = user.role;
  actor.area_code = user.area_code;
  actor.department_id = user.department_id;
  return actor;
}

base::Result<Session> AuthService::Login(const std::string& username, const std::string& password) {
  auto user = users_.GetUserByName(username);
  if (!user) return tl::unexpected(user.error());
  if (!*user) {
    // Spend the same time as for a wrong password, so that timing does not tell which
    // usernames exist.
    static const std::string kDummy = HashPassword("civicgrid-dummy-password").value_or("");
    (void)VerifyPassword(kDummy, password);
    return base::Unauthenticated("wrong username or password");
  }
  if (!(*user)->active || !VerifyPassword((*user)->password_hash, password)) {
    return base::Unauthenticated("wrong username or password");
  }
  Session session;
  session.token = NewToken();
  session.expires_at = clock_.NowMs() + kTokenLifetimeMs;
  session.user = std::move(**user);
  if (auto st = users_.StoreToken(HashToken(session.token),
                                  StoredToken{session.user.id, session.expires_at});
      !st) {
    return tl::unexpected(st.error());
  }
  return session;
}

base::Result<access::Actor> AuthService::Authenticate(const std::string& token) {
  if (token.empty()) return base::Unauthenticated("a bearer token is required");
  auto stored = users_.FindToken(HashToken(token));
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored || (*stored)->expires_at <= clock_.NowMs()) {
    return base::Unauthenticated("the token is unknown, expired or revoked; log in again");
  }
  auto user = users_.GetUser((*stored)->user_id);
  if (!user) return tl::unexpected(user.error());
  if (!*user || !(*user)->active) return base::Unauthenticated("the account is disabled");
  return ActorOf(**user);
}

base::Result<access::Actor> AuthService::ActorOfUser(int64_t user_id) {
  auto user = users_.GetUser(user_id);
  if (!user) return tl::unexpected(user.error());
  if (!*user || !(*user)->active) return base::PermissionDenied("the account is disabled");
  return ActorOf(**user);
}

base::Status AuthService::Logout(const std::string& token) {
  return users_.DeleteToken(HashToken(token));
}

base::Result<User> AuthService::Me(const access::Actor& actor) {
  auto user = users_.GetUser(actor.user_id);
  if (!user) return tl::unexpected(user.error());
  if (!*user) return base::Unauthenticated("the account no longer exists");
  return std::move(**user);
}

base::Result<User> AuthService::CreateUser(const access::Actor& actor, const NewUser& input) {
  if (actor.role != Role::kAdmin && actor.role != Role::kSystem) {
    return base::PermissionDenied("only an administrator may create users");
  }
  std::map<std::string, std::string> errors;
  if (!ValidUsername(input.username)) {
    errors["username"] = "3–64 characters: letters, digits, '_', '-' or '.'";
  }
  if (input.password.size() < kMinPasswordLength) {
    errors["password"] = "at least 8 characters";
  }
  if (input.display_name.size() > kMaxFieldBytes) errors["display_name"] = "at most 200 bytes";
  if (!input.phone.empty() &&
      (input.phone.size() > 20 ||
       input.phone.find_first_not_of("0123456789+-") != std::string::npos)) {
    errors["phone"] = "digits only, at most 20";
  }
  auto role = access::ParseRole(input.role);
  if (!role) errors["role"] = "unknown role '" + input.role + "'";
  auto area = areas_.GetArea(input.area_code);
  if (!area) return tl::unexpected(area.error());
  if (!*area) {
    errors["area_code"] = "no area has code '" + input.area_code + "'";
  } else if (role && !LevelFits(*role, (*area)->level)) {
    errors["area_code"] = std::string("a ") + access::RoleName(*role) + " cannot work at the " +
                          areas::LevelName((*area)->level) + " level";
  }
  if (role == Role::kDepartmentHandler) {
    if (!input.department_id) {
      errors["department_id"] = "a department handler needs a department";
    } else {
      auto dept = catalog_.GetDepartment(*input.department_id);
      if (!dept) return tl::unexpected(dept.error());
      if (!*dept) errors["department_id"] = "no department " + std::to_string(*input.department_id);
    }
  } else if (input.department_id) {
    errors["department_id"] = "only department handlers belong to a department";
  }
  if (!errors.empty()) return base::InvalidFields("the user is invalid", std::move(errors));
  auto hash = HashPassword(input.password);
  if (!hash) return tl::unexpected(hash.error());
  User user;
  user.username = input.username;
  user.display_name = input.display_name.empty() ? input.username : input.display_name;
  user.phone = input.phone;
  user.role = *role;
  user.area_code = input.area_code;
  user.department_id = input.department_id;
  user.password_hash = *hash;
  return users_.CreateUser(std::move(user));
}

base::Result<std::vector<User>> AuthService::ListUsers(const access::Actor& actor) {
  if (actor.role != Role::kAdmin)
    return base::PermissionDenied("only an administrator may list users");
  return users_.ListUsers();
}

}  // namespace civicgrid::auth
