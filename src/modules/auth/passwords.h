// Password hashing (argon2id) and random tokens stored as BLAKE2b hashes, with libsodium.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace civicgrid::auth {

// argon2id with libsodium's interactive limits. Thread-safe.
[[nodiscard]] base::Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// 256 random bits, hex encoded.
std::string NewToken();
// BLAKE2b-256 of a token, hex encoded: what is stored.
std::string HashToken(std::string_view token);

}  // namespace civicgrid::auth
