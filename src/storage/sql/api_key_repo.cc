#include "storage/sql/api_key_repo.h"

namespace civicgrid::storage::sql {
namespace {

constexpr const char* kSelect =
    "SELECT k.id, k.name, k.purpose, k.user_id, u.area_code, k.per_minute, k.created_by, "
    "k.created_at, k.revoked_at FROM api_keys k JOIN users u ON u.id = k.user_id ";
constexpr int64_t kWindowMs = 60'000;

auth::ApiKey Read(const Stmt& s) {
  auth::ApiKey k;
  k.id = s.Int(0);
  k.name = s.Text(1);
  k.purpose = s.Text(2);
  k.user_id = s.Int(3);
  k.district_code = s.Text(4);
  k.per_minute = s.Int(5);
  k.created_by = s.Int(6);
  k.created_at = s.Int(7);
  k.revoked_at = s.Int(8);
  return k;
}

}  // namespace

base::Result<auth::ApiKey> SqlApiKeyRepository::CreateApiKey(auth::ApiKey key,
                                                             const std::string& key_hash) {
  return db_.With<auth::ApiKey>(true, [&](Db& db) {
    Stmt s(db,
           "INSERT INTO api_keys (name, purpose, user_id, key_hash, per_minute, created_by, "
           "created_at) VALUES (?,?,?,?,?,?,?) RETURNING id");
    Binder(s, 1)(key.name)(key.purpose)(key.user_id)(key_hash)(key.per_minute)(key.created_by)(
        key.created_at);
    if (!s.Step()) throw DbError(base::Code::kInternal, "no key id");
    key.id = s.Int(0);
    s.Reset();
    return key;
  });
}

base::Result<std::vector<auth::ApiKey>> SqlApiKeyRepository::ListApiKeys() {
  return db_.With<std::vector<auth::ApiKey>>(false, [](Db& db) {
    Stmt s(db, std::string(kSelect) + "ORDER BY k.id");
    std::vector<auth::ApiKey> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  });
}

base::Result<bool> SqlApiKeyRepository::RevokeApiKey(int64_t id, base::TimeMs at) {
  return db_.With<bool>(true, [&](Db& db) {
    Stmt s(db, "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at = 0");
    Binder(s, 1)(at)(id);
    s.Run();
    Stmt found(db, "SELECT 1 FROM api_keys WHERE id = ?");
    Binder(found, 1)(id);
    return found.Step();
  });
}

base::Result<std::optional<std::pair<auth::ApiKey, int64_t>>> SqlApiKeyRepository::UseApiKey(
    const std::string& key_hash, base::TimeMs now) {
  using Out = std::optional<std::pair<auth::ApiKey, int64_t>>;
  return db_.With<Out>(true, [&](Db& db) {
    // One statement, so that concurrent uses in several processes each count.
    Stmt use(db,
             "UPDATE api_keys SET window_count = CASE WHEN window_start > ? THEN window_count + 1 "
             "ELSE 1 END, window_start = CASE WHEN window_start > ? THEN window_start ELSE ? END "
             "WHERE key_hash = ? RETURNING id, window_count");
    Binder(use, 1)(now - kWindowMs)(now - kWindowMs)(now)(key_hash);
    if (!use.Step()) return Out{};
    const int64_t id = use.Int(0);
    const int64_t uses = use.Int(1);
    use.Reset();
    Stmt s(db, std::string(kSelect) + "WHERE k.id = ?");
    Binder(s, 1)(id);
    if (!s.Step()) return Out{};
    return Out{std::pair{Read(s), uses}};
  });
}

}  // namespace civicgrid::storage::sql
