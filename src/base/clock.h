// Time source. Times are UTC epoch milliseconds everywhere; display converts to Asia/Shanghai.
#pragma once

#include <atomic>
#include <cstdint>

namespace civicgrid::base {

using TimeMs = int64_t;

// Thread-safe source of the current time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs NowMs() const override;
};

// The system clock moved forward by an offset: the server's clock. Only the test-only server
// mode (serve --test-clock) ever moves it, so that tests can let deadlines pass.
class AdjustableClock final : public Clock {
 public:
  TimeMs NowMs() const override { return system_.NowMs() + offset_.load(); }
  void Advance(TimeMs delta) { offset_.fetch_add(delta); }
  TimeMs Offset() const { return offset_.load(); }

 private:
  SystemClock system_;
  std::atomic<TimeMs> offset_{0};
};

// A clock that only moves when told to; for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimeMs start) : now_(start) {}
  TimeMs NowMs() const override { return now_.load(); }
  void Set(TimeMs t) { now_.store(t); }
  void Advance(TimeMs delta) { now_.fetch_add(delta); }

 private:
  std::atomic<TimeMs> now_;
};

}  // namespace civicgrid::base
