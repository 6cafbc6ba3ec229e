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

  AuthService(UserRepository& users, areas::AreaRepository& areas,
              catalog::CatalogRepository& catalog, const base::Clock& clock)
      : users_(users), areas_(areas), catalog_(catalog), clock_(clock) {}

  // Anyone. The same kUnauthenticated answer for an unknown user and a wrong password.
  [[nodiscard]] base::Result<Session> Login(const std::string& username,
                                            const std::string& password);
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

 private:
  UserRepository& users_;
  areas::AreaRepository& areas_;
  catalog::CatalogRepository& catalog_;
  const base::Clock& clock_;
};

}  // namespace civicgrid::auth
