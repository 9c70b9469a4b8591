#include "net/testing/manual_clock.h"

#include <algorithm>

#include "net/core/assert.h"

namespace weft::testing {

namespace {
// A callback that reschedules itself with zero delay would otherwise spin advance() forever.
constexpr int kMaxPassesPerAdvance = 10'000'000;
}  // namespace

ManualClock::~ManualClock() {
  WEFT_ASSERT(schedulers_.empty(),
              "ManualClock destroyed while a Scheduler (or Reactor) still uses it; declare the "
              "clock before the reactor so it is destroyed after it");
}

void ManualClock::attach(net::Scheduler& scheduler) {
  schedulers_.push_back(&scheduler);
}

void ManualClock::detach(net::Scheduler& scheduler) {
  std::erase(schedulers_, &scheduler);
}

void ManualClock::advance(net::Duration d) {
  WEFT_ASSERT(d >= net::Duration::zero(), "ManualClock::advance: time cannot go backwards");
  advanceTo(now_ + d);
}

void ManualClock::advanceTo(net::TimePoint target) {
  WEFT_ASSERT(target >= now_, "ManualClock::advanceTo: time cannot go backwards");
  WEFT_ASSERT(!advancing_,
              "ManualClock::advance called from a callback it is running; schedule the work "
              "with callLater instead, or use spend() to model time passing in a callback");
  advancing_ = true;
  for (int pass = 0;; ++pass) {
    WEFT_ASSERT(pass < kMaxPassesPerAdvance,
                "ManualClock::advance: calls keep scheduling more calls at the same time");
    net::Scheduler* earliest = nullptr;
    net::TimePoint when = target;
    // Copy: a callback may create or destroy schedulers (reactors) while we iterate.
    const std::vector<net::Scheduler*> schedulers = schedulers_;
    for (net::Scheduler* s : schedulers) {
      auto deadline = s->nextDeadline();
      if (deadline && *deadline <= when && (!earliest || *deadline < when)) {
        earliest = s;
        when = *deadline;
      }
    }
    if (!earliest) break;
    now_ = std::max(now_, when);
    for (net::Scheduler* s : schedulers) {
      if (std::find(schedulers_.begin(), schedulers_.end(), s) != schedulers_.end()) {
        s->runDue(now_);
      }
    }
  }
  now_ = target;
  advancing_ = false;
}

}  // namespace weft::testing
