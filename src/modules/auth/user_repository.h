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
};

}  // namespace civicgrid::auth
