#include "net/core/looping_call.h"

#include "net/core/str_cat.h"

namespace weft::net {

LoopingCall::LoopingCall(Scheduler& scheduler, Callback fn)
    : scheduler_(scheduler), fn_(std::move(fn)) {
  WEFT_ASSERT(static_cast<bool>(fn_), "LoopingCall needs a callable; got an empty function");
}

Result<void> LoopingCall::start(Duration interval, bool now) {
  if (running_) return Error{"LoopingCall::start: already running; call stop() first"};
  if (interval <= Duration::zero()) {
    return Error{strCat("LoopingCall::start: interval must be positive, got ", interval)};
  }
  interval_ = interval;
  start_ = scheduler_.clock().now();
  skippedTicks_ = 0;
  lastSkipped_ = 0;
  running_ = true;
  if (now) {
    tick(0);
  } else {
    scheduleTick(1);
  }
  return {};
}

void LoopingCall::stop() {
  running_ = false;
  next_.cancel();
}

void LoopingCall::scheduleTick(std::uint64_t index) {
  TimePoint due = start_ + interval_ * static_cast<std::int64_t>(index);
  next_ = scheduler_.callLater(due - scheduler_.clock().now(), [this, index] { tick(index); });
}

void LoopingCall::tick(std::uint64_t index) {
  // Ticks on the grid that have also passed since this one was due run as this one call.
  const Duration elapsed = scheduler_.clock().now() - start_;
  const auto latest = static_cast<std::uint64_t>(elapsed / interval_);
  lastSkipped_ = latest > index ? latest - index : 0;
  skippedTicks_ += lastSkipped_;
  // Scheduled before the call so a throwing function is logged by the scheduler and the loop
  // keeps its rate; stop() inside the function cancels this again.
  scheduleTick(index + lastSkipped_ + 1);
  fn_();
}

}  // namespace weft::net
