// ManualClock: a Clock that moves only when a test says so, running the due calls of every
// Scheduler on it one deadline at a time — so client, server and timers run without waiting.
// Tests: tests/net/testing/manual_clock_test.cpp
#pragma once

#include <vector>

#include "net/core/clock.h"
#include "net/core/scheduler.h"

namespace weft::testing {

class ManualClock final : public net::Clock {
 public:
  explicit ManualClock(net::TimePoint start = net::TimePoint{}) : now_(start) {}
  ~ManualClock() override;

  net::TimePoint now() const override { return now_; }

  // Moves time forward by `d`, stopping at each deadline on the way, in order, to run the calls
  // due there (on every attached scheduler). Calls scheduled during a pass run in a later pass,
  // so a callLater(0) from a callback runs in this advance, after the ones already due.
  void advance(net::Duration d);
  void advanceTo(net::TimePoint t);
  // Runs the calls due now without moving time.
  void runDue() { advance(net::Duration::zero()); }
  // Moves time without running anything, as a callback that takes `d` to do its work would:
  // the way to test a pump's time budget deterministically.
  void spend(net::Duration d) { now_ += d; }

 private:
  void attach(net::Scheduler& scheduler) override;
  void detach(net::Scheduler& scheduler) override;

  net::TimePoint now_;
  std::vector<net::Scheduler*> schedulers_;
  bool advancing_ = false;
};

}  // namespace weft::testing
