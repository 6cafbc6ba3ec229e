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

// Counts a report against its resident's and its address's hourly limits (limits::Limits);
// kRateLimited past either.
// `per_account` false: an integration's account (an Open311 key), whose key quota applies instead.
inline base::Status LimitReport(const Services& s, const access::Actor& actor,
                                const std::string& address, bool per_account = true) {
  if (s.limiter == nullptr) return base::Ok();
  const auto& limits = s.limiter->Configured();
  if (per_account && actor.role == access::Role::kResident) {
    if (auto st = s.limiter->Hit("report-resident:" + std::to_string(actor.user_id),
                                 limits.reports_per_resident,
                                 "too many reports from this account this hour");
        !st) {
      return st;
    }
  }
  return s.limiter->Hit("report-address:" + address, limits.reports_per_address,
                        "too many reports from this address this hour");
}

inline std::optional<int64_t> ParseInt(const std::string& text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace civicgrid::api
