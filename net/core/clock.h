// Clock: the one source of "now" for timers, timeouts and rates; injected everywhere so a test
// can swap SteadyClock for a ManualClock and run a client and server without real waiting.
// Tests: tests/net/core/scheduler_test.cpp, tests/net/testing/manual_clock_test.cpp
#pragma once

#include <chrono>

namespace weft::net {

using Duration = std::chrono::nanoseconds;
using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;

// Seconds as a double ("1.5") to a Duration, rounding to the nearest nanosecond.
inline Duration fromSeconds(double seconds) {
  return std::chrono::round<Duration>(std::chrono::duration<double>(seconds));
}

// Duration to seconds as a double, for display and for Twisted-style backoff arithmetic.
inline double toSeconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}

class Scheduler;

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic: never goes backwards.
  virtual TimePoint now() const = 0;

 protected:
  // Every Scheduler attaches to its clock for its lifetime. A clock that moves on its own
  // ignores this; a ManualClock uses it to run the schedulers' due calls as it advances.
  friend class Scheduler;
  virtual void attach(Scheduler&) {}
  virtual void detach(Scheduler&) {}
};

// The real clock (std::chrono::steady_clock); the only place weft reads the system time.
class SteadyClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace weft::net
