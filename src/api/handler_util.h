// Small helpers shared by the route files.
#pragma once

#include <charconv>
#include <optional>
#include <string>

#include "api/app.h"
#include "api/errors.h"

namespace civicgrid::api {

// Runs fn(actor) for an authenticated request; answers 401 otherwise.
template <typename F>
http::Response WithActor(const Services& s, const http::Request& r, F&& fn) {
  auto actor = Authenticate(s, r);
  if (!actor) return ErrorResponse(actor.error());
  return fn(*actor);
}

inline std::optional<int64_t> ParseInt(const std::string& text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace civicgrid::api
