// ApiKeyRepository on the neutral SQL layer (SQLite or PostgreSQL): table api_keys (migration 010).
#pragma once

#include "modules/auth/api_keys.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlApiKeyRepository final : public auth::ApiKeyRepository {
 public:
  explicit SqlApiKeyRepository(Db& db) : db_(db) {}
  base::Result<auth::ApiKey> CreateApiKey(auth::ApiKey key, const std::string& key_hash) override;
  base::Result<std::vector<auth::ApiKey>> ListApiKeys() override;
  base::Result<bool> RevokeApiKey(int64_t id, base::TimeMs at) override;
  base::Result<std::optional<std::pair<auth::ApiKey, int64_t>>> UseApiKey(
      const std::string& key_hash, base::TimeMs now) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
