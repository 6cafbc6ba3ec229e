// UserRepository on the neutral SQL layer (SQLite or PostgreSQL).
#pragma once

#include "modules/auth/user_repository.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlUserRepository final : public auth::UserRepository {
 public:
  explicit SqlUserRepository(Db& db) : db_(db) {}
  base::Result<std::optional<auth::User>> GetUser(int64_t id) override;
  base::Result<std::optional<auth::User>> GetUserByName(const std::string& username) override;
  base::Result<std::vector<auth::User>> ListUsers() override;
  base::Result<auth::User> CreateUser(auth::User user) override;
  base::Status StoreToken(const std::string& token_hash, const auth::StoredToken& token) override;
  base::Result<std::optional<auth::StoredToken>> FindToken(const std::string& token_hash) override;
  base::Status DeleteToken(const std::string& token_hash) override;
  base::Result<bool> SetUserActive(int64_t user_id, bool active) override;
  base::Result<bool> AnonymiseUser(int64_t user_id, const std::string& placeholder) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
