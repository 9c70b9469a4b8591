// LoopingCall: calls a function at a fixed rate, on the grid start + k * interval, so the rate
// never drifts; when a frame ran late it calls once and counts the ticks it skipped.
// Tests: tests/net/core/looping_call_test.cpp
#pragma once

#include <cstdint>

#include "net/core/scheduler.h"

namespace weft::net {

class LoopingCall {
 public:
  // `scheduler` must outlive this object. Destroying a running LoopingCall stops it.
  LoopingCall(Scheduler& scheduler, Callback fn);
  LoopingCall(const LoopingCall&) = delete;
  LoopingCall& operator=(const LoopingCall&) = delete;

  // Starts calling every `interval` (> 0); the first call is immediate when `now` is true,
  // one interval later otherwise. Errors if already running or the interval is not positive.
  Result<void> start(Duration interval, bool now = true);
  // Stops; safe to call from inside the function and when not running.
  void stop();

  bool running() const { return running_; }
  Duration interval() const { return interval_; }
  // Ticks that passed without a call of their own because the loop ran late, in total and just
  // before the current (or latest) call. A game can use lastSkipped() to catch up a simulation.
  std::uint64_t skippedTicks() const { return skippedTicks_; }
  std::uint64_t lastSkipped() const { return lastSkipped_; }

 private:
  void tick(std::uint64_t index);
  void scheduleTick(std::uint64_t index);

  Scheduler& scheduler_;
  Callback fn_;
  Duration interval_{};
  TimePoint start_{};
  std::uint64_t skippedTicks_ = 0;
  std::uint64_t lastSkipped_ = 0;
  bool running_ = false;
  ScopedCall next_;
};

}  // namespace weft::net
