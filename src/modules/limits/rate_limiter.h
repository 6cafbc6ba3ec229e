// Limits against abuse: counts of attempts per key (an account, an address) in fixed windows,
// kept in storage so that every serve process of a database counts together. Sign-in failures
// lock an account and an address for a while; reports are limited per resident and per address.
#pragma once

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/status.h"

namespace civicgrid::limits {

// Implemented in storage; thread-safe.
class CounterStore {
 public:
  virtual ~CounterStore() = default;
  // Adds `n` to the count of `key` in the window starting at `window_start` and returns the new
  // count; windows of the key that started before `forget_before` are dropped.
  [[nodiscard]] virtual base::Result<int64_t> Add(const std::string& key, base::TimeMs window_start,
                                                  int64_t n, base::TimeMs forget_before) = 0;
  [[nodiscard]] virtual base::Result<int64_t> Count(const std::string& key,
                                                    base::TimeMs window_start) = 0;
  [[nodiscard]] virtual base::Status Clear(const std::string& key) = 0;
};

struct Rule {
  int64_t max = 0;  // attempts allowed in a window; 0 = no limit
  base::TimeMs window_ms = 60'000;
};

// What the server enforces (serve flags set them; 0 turns a limit off).
struct Limits {
  Rule login_failures_per_account{5, 15 * 60'000};   // then the account is locked
  Rule login_failures_per_address{30, 15 * 60'000};  // then the address is
  Rule reports_per_resident{20, 3600'000};
  Rule reports_per_address{2000, 3600'000};
};

// Thread-safe; the store and clock must outlive it.
class RateLimiter {
 public:
  RateLimiter(CounterStore& store, const base::Clock& clock, Limits limits)
      : store_(store), clock_(clock), limits_(limits) {}
  const Limits& Configured() const { return limits_; }

  // kRateLimited (message: `what`, and when to try again) when `key` is at its limit now.
  [[nodiscard]] base::Status Check(const std::string& key, const Rule& rule,
                                   const std::string& what);
  // Counts an attempt; kRateLimited when it is over the limit (it is counted all the same).
  [[nodiscard]] base::Status Hit(const std::string& key, const Rule& rule, const std::string& what);
  [[nodiscard]] base::Status Clear(const std::string& key) { return store_.Clear(key); }

  // Seconds until the window of `rule` that holds now ends (for Retry-After).
  int64_t RetryAfterSeconds(const Rule& rule) const;

 private:
  base::Status Refuse(const Rule& rule, const std::string& what) const;

  CounterStore& store_;
  const base::Clock& clock_;
  Limits limits_;
};

}  // namespace civicgrid::limits
