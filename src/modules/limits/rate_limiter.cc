#include "modules/limits/rate_limiter.h"

namespace civicgrid::limits {
namespace {

base::TimeMs WindowStart(base::TimeMs now, const Rule& rule) { return now - now % rule.window_ms; }

}  // namespace

int64_t RateLimiter::RetryAfterSeconds(const Rule& rule) const {
  const base::TimeMs now = clock_.NowMs();
  const base::TimeMs end = WindowStart(now, rule) + rule.window_ms;
  return (end - now + 999) / 1000;
}

base::Status RateLimiter::Refuse(const Rule& rule, const std::string& what) const {
  const int64_t wait = RetryAfterSeconds(rule);
  base::Error e{base::Code::kRateLimited,
                what + "; try again in " + std::to_string((wait + 59) / 60) + " minutes",
                {},
                {},
                wait};
  return tl::unexpected(std::move(e));
}

base::Status RateLimiter::Check(const std::string& key, const Rule& rule, const std::string& what) {
  if (rule.max <= 0) return base::Ok();
  auto count = store_.Count(key, WindowStart(clock_.NowMs(), rule));
  if (!count) return tl::unexpected(count.error());
  return *count >= rule.max ? Refuse(rule, what) : base::Ok();
}

base::Status RateLimiter::Hit(const std::string& key, const Rule& rule, const std::string& what) {
  if (rule.max <= 0) return base::Ok();
  const base::TimeMs start = WindowStart(clock_.NowMs(), rule);
  auto count = store_.Add(key, start, 1, start - rule.window_ms);
  if (!count) return tl::unexpected(count.error());
  return *count > rule.max ? Refuse(rule, what) : base::Ok();
}

}  // namespace civicgrid::limits
