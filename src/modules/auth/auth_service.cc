#include "modules/auth/auth_service.h"

#include <map>

#include "modules/areas/area.h"
#include "modules/areas/area_code.h"
#include "modules/auth/passwords.h"

namespace civicgrid::auth {
namespace {

using access::Role;

constexpr size_t kMinPasswordLength = 8;
// The username of an anonymised account: anon-<id>; reserved, so new accounts may not take it.
constexpr const char* kAnonymousPrefix = "anon-";
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

base::Result<Session> AuthService::Login(const std::string& username, const std::string& password,
                                         const std::string& address) {
  if (!ValidUsername(username)) return base::Unauthenticated("wrong username or password");
  const std::string account_key = "login-account:" + username;
  const std::string address_key = "login-address:" + address;
  const char* kLocked = "too many failed sign-ins";
  if (limiter_ != nullptr) {
    const auto& limits = limiter_->Configured();
    if (auto st = limiter_->Check(account_key, limits.login_failures_per_account,
                                  std::string(kLocked) + " for this account");
        !st) {
      return tl::unexpected(st.error());
    }
    if (auto st = limiter_->Check(address_key, limits.login_failures_per_address,
                                  std::string(kLocked) + " from this address");
        !st) {
      return tl::unexpected(st.error());
    }
  }
  auto failed = [&]() -> base::Result<Session> {
    if (limiter_ != nullptr) {
      const auto& limits = limiter_->Configured();
      auto a = limiter_->Hit(account_key, limits.login_failures_per_account, kLocked);
      auto b = limiter_->Hit(address_key, limits.login_failures_per_address, kLocked);
      if (!a && a.error().code != base::Code::kRateLimited) return tl::unexpected(a.error());
      if (!b && b.error().code != base::Code::kRateLimited) return tl::unexpected(b.error());
    }
    return base::Unauthenticated("wrong username or password");
  };
  auto user = users_.GetUserByName(username);
  if (!user) return tl::unexpected(user.error());
  if (!*user) {
    // Spend the same time as for a wrong password, so that timing does not tell which
    // usernames exist.
    static const std::string kDummy = HashPassword("civicgrid-dummy-password").value_or("");
    (void)VerifyPassword(kDummy, password);
    return failed();
  }
  if (!(*user)->active || !VerifyPassword((*user)->password_hash, password)) return failed();
  if (limiter_ != nullptr) {
    if (auto st = limiter_->Clear(account_key); !st) return tl::unexpected(st.error());
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
  } else if (input.username.rfind(kAnonymousPrefix, 0) == 0) {
    errors["username"] = "names beginning with 'anon-' are kept for anonymised accounts";
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

base::Result<User> AuthService::SetActive(const access::Actor& actor, int64_t user_id,
                                          bool active) {
  if (actor.role != Role::kAdmin) {
    return base::PermissionDenied("only an administrator may disable or enable accounts");
  }
  auto user = Managed(actor, user_id);
  if (!user) return user;
  if (user->id == actor.user_id && !active) {
    return base::InvalidArgument("id", "an administrator may not disable their own account");
  }
  if (active && user->username.rfind(kAnonymousPrefix, 0) == 0 && user->password_hash.empty()) {
    return base::InvalidArgument("id", "an anonymised account cannot be enabled again");
  }
  auto found = users_.SetUserActive(user_id, active);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return base::NotFound("no user " + std::to_string(user_id));
  user->active = active;
  return user;
}

base::Result<User> AuthService::Managed(const access::Actor& actor, int64_t user_id) {
  auto user = users_.GetUser(user_id);
  if (!user) return tl::unexpected(user.error());
  // An administrator manages the accounts of their own district; residents belong to none.
  if (!*user ||
      ((*user)->role != Role::kResident && !areas::Within(actor.area_code, (*user)->area_code))) {
    return base::NotFound("no user " + std::to_string(user_id));
  }
  return std::move(**user);
}

base::Result<User> AuthService::PersonalRecord(const access::Actor& actor, int64_t user_id) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  if (actor.user_id != user_id && actor.role != Role::kAdmin) {
    return base::PermissionDenied("a person's data goes to the person or an administrator");
  }
  return Managed(actor, user_id);
}

base::Result<User> AuthService::Anonymise(const access::Actor& actor, int64_t user_id) {
  if (actor.role != Role::kAdmin) {
    return base::PermissionDenied("only an administrator anonymises an account");
  }
  auto user = Managed(actor, user_id);
  if (!user) return user;
  if (user->role != Role::kResident) {
    return base::InvalidArgument("id",
                                 "only a resident's account is anonymised; staff accounts "
                                 "are disabled, so that their work stays attributable");
  }
  const std::string placeholder = kAnonymousPrefix + std::to_string(user_id);
  auto found = users_.AnonymiseUser(user_id, placeholder);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return base::NotFound("no user " + std::to_string(user_id));
  auto after = users_.GetUser(user_id);
  if (!after) return tl::unexpected(after.error());
  if (!*after) return base::NotFound("no user " + std::to_string(user_id));
  return std::move(**after);
}

}  // namespace civicgrid::auth
