// Keys of other systems that submit cases: an Open311 app (GeoReport v2 submissions) or a city
// 12345 hotline system (pushed work orders). An administrator issues a key for one district; the
// key acts as an account of its own (a resident for Open311, the district centre for the
// hotline), so that every rule of reporting applies to it; it is shown once, kept as a hash,
// revocable, and limited to a number of uses per minute.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "modules/access/actor.h"
#include "modules/auth/auth_service.h"

namespace civicgrid::auth {

struct ApiKey {
  int64_t id = 0;
  std::string name;     // the client, e.g. "FixMyStreet 长宁"
  std::string purpose;  // open311 | hotline
  int64_t user_id = 0;  // the account it acts as
  std::string district_code;
  int64_t per_minute = 0;
  int64_t created_by = 0;
  base::TimeMs created_at = 0;
  base::TimeMs revoked_at = 0;  // 0 = in force
};

struct NewApiKey {
  std::string name;
  std::string purpose;
  std::string district_code;
  int64_t per_minute = 60;
};

// Implementations are thread-safe.
class ApiKeyRepository {
 public:
  virtual ~ApiKeyRepository() = default;
  // Assigns the id.
  [[nodiscard]] virtual base::Result<ApiKey> CreateApiKey(ApiKey key,
                                                          const std::string& key_hash) = 0;
  [[nodiscard]] virtual base::Result<std::vector<ApiKey>> ListApiKeys() = 0;
  // False when no key has this id.
  [[nodiscard]] virtual base::Result<bool> RevokeApiKey(int64_t id, base::TimeMs at) = 0;
  // Counts one use in the minute starting at the key's first use of it (a use after that minute
  // starts a new one) and returns the key with the uses of its minute so far; nullopt when no
  // key has this hash. Atomic across processes.
  [[nodiscard]] virtual base::Result<std::optional<std::pair<ApiKey, int64_t>>> UseApiKey(
      const std::string& key_hash, base::TimeMs now) = 0;
};

// Thread-safe; everything passed in must outlive it.
class ApiKeyService {
 public:
  static constexpr int64_t kMaxPerMinute = 6000;
  ApiKeyService(ApiKeyRepository& keys, AuthService& auth, const base::Clock& clock)
      : keys_(keys), auth_(auth), clock_(clock) {}

  // Admin: the key (shown only here) and its record.
  [[nodiscard]] base::Result<std::pair<ApiKey, std::string>> Issue(const access::Actor& actor,
                                                                   const NewApiKey& input);
  [[nodiscard]] base::Result<std::vector<ApiKey>> List(const access::Actor& actor);
  [[nodiscard]] base::Status Revoke(const access::Actor& actor, int64_t id);
  // The account `key` acts as, when it is in force and issued for `purpose`
  // (kPermissionDenied otherwise), counting this use (kResourceExhausted past the limit).
  [[nodiscard]] base::Result<std::pair<ApiKey, access::Actor>> Use(const std::string& key,
                                                                   const std::string& purpose);

 private:
  ApiKeyRepository& keys_;
  AuthService& auth_;
  const base::Clock& clock_;
};

}  // namespace civicgrid::auth
