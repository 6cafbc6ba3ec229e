#include "base/clock.h"

#include <chrono>

namespace civicgrid::base {

TimeMs SystemClock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace civicgrid::base
