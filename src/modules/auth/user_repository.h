// Storage interface for users and bearer tokens; implemented in storage/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "modules/auth/user.h"

namespace civicgrid::auth {

struct StoredToken {
  int64_t user_id = 0;
  base::TimeMs expires_at = 0;
};

// Implementations are thread-safe.
class UserRepository {
 public:
  virtual ~UserRepository() = default;
  [[nodiscard]] virtual base::Result<std::optional<User>> GetUser(int64_t id) = 0;
  [[nodiscard]] virtual base::Result<std::optional<User>> GetUserByName(
      const std::string& username) = 0;
  [[nodiscard]] virtual base::Result<std::vector<User>> ListUsers() = 0;
  // Assigns the id. kConflict when the username is taken.
  [[nodiscard]] virtual base::Result<User> CreateUser(User user) = 0;

  [[nodiscard]] virtual base::Status StoreToken(const std::string& token_hash,
                                                const StoredToken& token) = 0;
  [[nodiscard]] virtual base::Result<std::optional<StoredToken>> FindToken(
      const std::string& token_hash) = 0;
  [[nodiscard]] virtual base::Status DeleteToken(const std::string& token_hash) = 0;
  // Sets the account's active flag; disabling also deletes every token of the account, in the
  // same transaction. False when there is no such user.
  [[nodiscard]] virtual base::Result<bool> SetUserActive(int64_t user_id, bool active) = 0;
  // In one transaction: the account's username becomes `placeholder`, its name, phone and
  // password go, it is disabled with its tokens, the reporter's phone is erased from the cases
  // it reported and its name from their events (the cases, their events and every counter
  // stay). False for no such user.
  [[nodiscard]] virtual base::Result<bool> AnonymiseUser(int64_t user_id,
                                                         const std::string& placeholder) = 0;
};

}  // namespace civicgrid::auth
