#include "storage/sql/user_repo.h"

namespace civicgrid::storage::sql {
namespace {

constexpr const char* kSelect =
    "SELECT id, username, display_name, phone, role, area_code, department_id, password_hash, "
    "active FROM users ";

auth::User Read(const Stmt& s) {
  auth::User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.phone = s.Text(3);
  u.role = access::ParseRole(s.Text(4)).value_or(access::Role::kResident);
  u.area_code = s.Text(5);
  u.department_id = s.OptInt(6);
  u.password_hash = s.Text(7);
  u.active = s.Int(8) != 0;
  return u;
}

}  // namespace

base::Result<std::optional<auth::User>> SqlUserRepository::GetUser(int64_t id) {
  return db_.With<std::optional<auth::User>>(false, [&](Db& db) {
    Stmt s(db, std::string(kSelect) + "WHERE id = ?");
    s.Bind(1, id);
    std::optional<auth::User> out;
    if (s.Step()) out = Read(s);
    return out;
  });
}

base::Result<std::optional<auth::User>> SqlUserRepository::GetUserByName(
    const std::string& username) {
  return db_.With<std::optional<auth::User>>(false, [&](Db& db) {
    Stmt s(db, std::string(kSelect) + "WHERE username = ?");
    s.Bind(1, username);
    std::optional<auth::User> out;
    if (s.Step()) out = Read(s);
    return out;
  });
}

base::Result<std::vector<auth::User>> SqlUserRepository::ListUsers() {
  return db_.With<std::vector<auth::User>>(false, [](Db& db) {
    Stmt s(db, std::string(kSelect) + "ORDER BY id");
    std::vector<auth::User> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  });
}

base::Result<auth::User> SqlUserRepository::CreateUser(auth::User user) {
  auto created = db_.With<auth::User>(true, [&](Db& db) {
    Stmt s(db,
           "INSERT INTO users (username, display_name, phone, role, area_code, department_id, "
           "password_hash, active) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
    s.Bind(1, user.username).Bind(2, user.display_name).Bind(3, user.phone);
    s.Bind(4, std::string_view(access::RoleName(user.role))).Bind(5, user.area_code);
    s.Bind(6, user.department_id).Bind(7, user.password_hash).Bind(8, int64_t{user.active ? 1 : 0});
    if (!s.Step()) throw DbError(base::Code::kInternal, "no user id");
    user.id = s.Int(0);
    s.Reset();
    return user;
  });
  if (!created && created.error().code == base::Code::kConflict) {
    return base::InvalidArgument("username", "'" + user.username + "' is taken");
  }
  return created;
}

base::Status SqlUserRepository::StoreToken(const std::string& token_hash,
                                           const auth::StoredToken& token) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt purge(db, "DELETE FROM tokens WHERE expires_at < ?");
    purge.Bind(1, int64_t{token.expires_at - 2 * 12LL * 3600 * 1000}).Run();
    Stmt s(db, "INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?,?,?)");
    s.Bind(1, token_hash).Bind(2, token.user_id).Bind(3, token.expires_at).Run();
  });
}

base::Result<std::optional<auth::StoredToken>> SqlUserRepository::FindToken(
    const std::string& token_hash) {
  return db_.With<std::optional<auth::StoredToken>>(false, [&](Db& db) {
    Stmt s(db, "SELECT user_id, expires_at FROM tokens WHERE token_hash = ?");
    s.Bind(1, token_hash);
    std::optional<auth::StoredToken> out;
    if (s.Step()) out = auth::StoredToken{s.Int(0), s.Int(1)};
    return out;
  });
}

base::Result<bool> SqlUserRepository::SetUserActive(int64_t user_id, bool active) {
  return db_.With<bool>(true, [&](Db& db) {
    Stmt s(db, "UPDATE users SET active = ? WHERE id = ?");
    s.Bind(1, int64_t{active ? 1 : 0}).Bind(2, user_id).Run();
    if (s.Changes() != 1) return false;
    if (!active) {
      Stmt tokens(db, "DELETE FROM tokens WHERE user_id = ?");
      tokens.Bind(1, user_id).Run();
    }
    return true;
  });
}

base::Result<bool> SqlUserRepository::AnonymiseUser(int64_t user_id,
                                                    const std::string& placeholder) {
  return db_.With<bool>(true, [&](Db& db) {
    Stmt s(db,
           "UPDATE users SET username = ?, display_name = '', phone = '', password_hash = '', "
           "active = 0 WHERE id = ?");
    s.Bind(1, placeholder).Bind(2, user_id).Run();
    if (s.Changes() != 1) return false;
    Stmt tokens(db, "DELETE FROM tokens WHERE user_id = ?");
    tokens.Bind(1, user_id).Run();
    // The version moves too, so that a change read before this one cannot write the phone back.
    Stmt cases(db,
               "UPDATE cases SET reporter_phone = '', version = version + 1 WHERE reporter_id = ? "
               "AND reporter_phone <> ''");
    cases.Bind(1, user_id).Run();
    Stmt events(db, "UPDATE case_events SET actor_name = ? WHERE actor_id = ?");
    events.Bind(1, placeholder).Bind(2, user_id).Run();
    return true;
  });
}

base::Status SqlUserRepository::DeleteToken(const std::string& token_hash) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt s(db, "DELETE FROM tokens WHERE token_hash = ?");
    s.Bind(1, token_hash).Run();
  });
}

}  // namespace civicgrid::storage::sql
