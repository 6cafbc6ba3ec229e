// Users, their credentials and sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "modules/access/actor.h"

namespace civicgrid::auth {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string phone;
  access::Role role = access::Role::kResident;
  std::string area_code;
  std::optional<int64_t> department_id;
  std::string password_hash;  // argon2id, libsodium's encoded string
  bool active = true;
};

// The actor a user acts as.
access::Actor ActorOf(const User& user);

struct Session {
  std::string token;  // shown once, stored only as a hash
  base::TimeMs expires_at = 0;
  User user;
};

}  // namespace civicgrid::auth
