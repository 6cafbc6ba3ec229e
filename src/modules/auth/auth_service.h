// Sign-in, bearer tokens and user administration.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "modules/access/actor.h"
#include "modules/areas/area_repository.h"
#include "modules/auth/user.h"
#include "modules/auth/user_repository.h"
#include "modules/catalog/catalog_repository.h"
#include "modules/limits/rate_limiter.h"

namespace civicgrid::auth {

struct NewUser {
  std::string username;
  std::string password;
  std::string display_name;
  std::string phone;
  std::string role;
  std::string area_code;
  std::optional<int64_t> department_id;
};

// Thread-safe; the repositories and clock must outlive it.
class AuthService {
 public:
  static constexpr base::TimeMs kTokenLifetimeMs = 12LL * 3600 * 1000;

  // Without a limiter, sign-in failures are not counted (the command line's own use).
  AuthService(UserRepository& users, areas::AreaRepository& areas,
              catalog::CatalogRepository& catalog, const base::Clock& clock,
              limits::RateLimiter* limiter = nullptr)
      : users_(users), areas_(areas), catalog_(catalog), clock_(clock), limiter_(limiter) {}

  // Anyone. The same kUnauthenticated answer for an unknown user and a wrong password. Failures
  // count against the account and the caller's `address`: past the limits both are locked for
  // the rest of the window (kRateLimited), the right password included.
  [[nodiscard]] base::Result<Session> Login(const std::string& username,
                                            const std::string& password,
                                            const std::string& address = "");
  // kUnauthenticated for an unknown, expired or revoked token.
  [[nodiscard]] base::Result<access::Actor> Authenticate(const std::string& token);
  [[nodiscard]] base::Status Logout(const std::string& token);
  // The actor of an active account (what a key of api_keys.h acts as); kPermissionDenied for a
  // missing or disabled one.
  [[nodiscard]] base::Result<access::Actor> ActorOfUser(int64_t user_id);

  // The signed-in user's own record.
  [[nodiscard]] base::Result<User> Me(const access::Actor& actor);
  // Admin (or the system): validates every field and names the bad ones.
  [[nodiscard]] base::Result<User> CreateUser(const access::Actor& actor, const NewUser& input);
  [[nodiscard]] base::Result<std::vector<User>> ListUsers(const access::Actor& actor);
  // Admin: disables (or enables again) an account; disabling revokes all of its tokens at once.
  [[nodiscard]] base::Result<User> SetActive(const access::Actor& actor, int64_t user_id,
                                             bool active);
  // The user's record with everything personal in it: the user themself, or an administrator
  // of their district (residents: any administrator).
  [[nodiscard]] base::Result<User> PersonalRecord(const access::Actor& actor, int64_t user_id);
  // Admin: a resident who leaves (PIPL art. 47): see UserRepository::AnonymiseUser.
  [[nodiscard]] base::Result<User> Anonymise(const access::Actor& actor, int64_t user_id);

 private:
  UserRepository& users_;
  areas::AreaRepository& areas_;
  catalog::CatalogRepository& catalog_;
  const base::Clock& clock_;
  // The user an administrator may manage (kNotFound otherwise, so ids reveal nothing).
  base::Result<User> Managed(const access::Actor& actor, int64_t user_id);

  limits::RateLimiter* limiter_;
};

}  // namespace civicgrid::auth
