#include "net/core/scheduler.h"

#include <algorithm>
#include <exception>

#include "net/core/str_cat.h"

namespace weft::net {

// --- DelayedCall -------------------------------------------------------------------------

Result<void> DelayedCall::cancel() {
  if (!scheduler_) return Error{"DelayedCall::cancel on an empty handle"};
  return scheduler_->cancel(slot_, generation_);
}

Result<void> DelayedCall::reset(Duration delay) {
  if (!scheduler_) return Error{"DelayedCall::reset on an empty handle"};
  return scheduler_->reset(slot_, generation_, delay);
}

Result<void> DelayedCall::delay(Duration extra) {
  if (!scheduler_) return Error{"DelayedCall::delay on an empty handle"};
  return scheduler_->delay(slot_, generation_, extra);
}

bool DelayedCall::active() const {
  return scheduler_ && scheduler_->live(slot_, generation_);
}

std::optional<TimePoint> DelayedCall::time() const {
  if (!scheduler_ || !scheduler_->live(slot_, generation_)) return std::nullopt;
  return scheduler_->deadlines_[slot_];
}

// --- ScopedCall --------------------------------------------------------------------------

ScopedCall::ScopedCall(DelayedCall call) : call_(call) {
  if (call_.scheduler_) link();
}

ScopedCall::ScopedCall(ScopedCall&& other) noexcept {
  takeOver(other);
}

ScopedCall& ScopedCall::operator=(ScopedCall&& other) noexcept {
  if (this != &other) {
    cancel();
    takeOver(other);
  }
  return *this;
}

ScopedCall& ScopedCall::operator=(DelayedCall call) {
  cancel();
  call_ = call;
  if (call_.scheduler_) link();
  return *this;
}

void ScopedCall::cancel() {
  if (!call_.scheduler_) return;
  if (call_.active()) (void)call_.cancel();
  unlink();
  call_ = DelayedCall{};
}

void ScopedCall::link() {
  Scheduler& scheduler = *call_.scheduler_;
  prev_ = nullptr;
  next_ = scheduler.scopedCalls_;
  if (next_) next_->prev_ = this;
  scheduler.scopedCalls_ = this;
}

void ScopedCall::unlink() {
  if (prev_) {
    prev_->next_ = next_;
  } else {
    call_.scheduler_->scopedCalls_ = next_;
  }
  if (next_) next_->prev_ = prev_;
  prev_ = next_ = nullptr;
}

// Moves `other`'s call and its place in the scheduler's list to this (empty) object.
void ScopedCall::takeOver(ScopedCall& other) noexcept {
  call_ = std::exchange(other.call_, DelayedCall{});
  if (!call_.scheduler_) return;
  prev_ = std::exchange(other.prev_, nullptr);
  next_ = std::exchange(other.next_, nullptr);
  if (prev_) {
    prev_->next_ = this;
  } else {
    call_.scheduler_->scopedCalls_ = this;
  }
  if (next_) next_->prev_ = this;
}

// --- Scheduler ---------------------------------------------------------------------------

Scheduler::Scheduler(Clock& clock, Logger& logger) : clock_(clock), logger_(logger) {
  clock_.attach(*this);
}

Scheduler::~Scheduler() {
  // ScopedCalls that outlive us become empty instead of pointing at freed memory. This runs
  // before the callbacks are destroyed, so a callback owning a ScopedCall finds it empty too.
  for (ScopedCall* scoped = scopedCalls_; scoped != nullptr;) {
    ScopedCall* next = scoped->next_;
    scoped->prev_ = scoped->next_ = nullptr;
    scoped->call_ = DelayedCall{};
    scoped = next;
  }
  scopedCalls_ = nullptr;
  clock_.detach(*this);
}

DelayedCall Scheduler::callLater(Duration delay, Callback fn) {
  WEFT_ASSERT(static_cast<bool>(fn), "callLater needs a callable; got an empty function");
  WEFT_ASSERT(freeSlots_.size() > 0 || states_.size() < kSlotMask,
              "callLater: more than 16 million calls pending at once; a loop is scheduling "
              "without ever cancelling or running them");
  std::uint32_t index;
  const bool ownsResources = fn.ownsResources();
  if (!freeSlots_.empty()) {
    index = freeSlots_.back();
    freeSlots_.pop_back();
    callbacks_[index] = std::move(fn);
  } else {
    index = static_cast<std::uint32_t>(states_.size());
    states_.emplace_back();
    deadlines_.emplace_back();
    callbacks_.push_back(std::move(fn));
  }
  states_[index].ownsResources = ownsResources;
  ++pending_;
  schedule(index, clock_.now() + std::max(delay, Duration::zero()));
  return DelayedCall(this, index, states_[index].generation);
}

std::size_t Scheduler::runDue(TimePoint now, TimePoint stopAt) {
  if (nextSequence_ > kMaxSequence - kRenumberMargin) [[unlikely]]
    renumberSequences();
  const std::uint64_t passStart = nextSequence_;
  const Duration::rep nowNs = now.time_since_epoch().count();
  std::size_t ran = 0;
  while (!heap_.empty()) {
    const Entry top = heap_.top();
    // A call scheduled during this pass has a deadline >= now, so it sorts after every older
    // due call: meeting one means the older ones are done.
    if (top.deadline > nowNs || sequenceOf(top) >= passStart) break;
    heap_.pop();
    if (!heap_.empty()) {
      // The next call's state and callback are far apart in memory: start fetching them now,
      // so the misses overlap with running this one.
      const std::uint32_t next = slotOf(heap_.top());
      __builtin_prefetch(&states_[next]);
      __builtin_prefetch(&callbacks_[next]);
    }
    if (stale(top)) {
      --stale_;
      continue;
    }
    Callback fn = std::move(callbacks_[slotOf(top)]);
    end(slotOf(top), Ending::Ran);  // before the call, so the call sees itself as inactive
    ++ran;
    try {
      fn();
    } catch (const std::exception& e) {
      logger_.error(strCat("a scheduled call threw: ", e.what()));
    } catch (...) {
      logger_.error("a scheduled call threw a non-standard exception");
    }
    if (stopAt != TimePoint::max() && clock_.now() >= stopAt) break;
  }
  compactIfMostlyStale();
  return ran;
}

std::optional<TimePoint> Scheduler::nextDeadline() {
  dropStaleTop();
  if (heap_.empty()) return std::nullopt;
  return TimePoint(Duration(heap_.top().deadline));
}

Error Scheduler::misuse(const char* operation, std::uint32_t slot, std::uint32_t generation) const {
  const char* what = "the call is no longer pending";
  if (slot < states_.size() && states_[slot].generation == generation + 1) {
    what = states_[slot].lastEnding == Ending::Ran ? "the call already ran"
                                                   : "the call was already cancelled";
  }
  Error error{strCat("DelayedCall::", operation, ": ", what)};
  logger_.warning(error.message);
  return error;
}

void Scheduler::schedule(std::uint32_t slot, TimePoint deadline) {
  WEFT_ASSERT(nextSequence_ < kMaxSequence,
              "Scheduler: 4 billion calls scheduled without a single runDue; pump the reactor");
  deadlines_[slot] = deadline;
  const std::uint64_t sequence = nextSequence_++;
  states_[slot].liveSequence = sequence;
  heap_.push({deadline.time_since_epoch().count(), (sequence << kSlotBits) | slot});
}

void Scheduler::end(std::uint32_t slot, Ending how) {
  CallState& s = states_[slot];
  // What the callback captured is freed now, not at reuse; a callback that owns nothing is
  // left as it is (reuse overwrites it), so cancelling it touches only this 16-byte state.
  if (s.ownsResources) callbacks_[slot] = nullptr;
  s.liveSequence = 0;
  ++s.generation;
  s.lastEnding = how;
  --pending_;
  freeSlots_.push_back(slot);
}

Result<void> Scheduler::cancel(std::uint32_t slot, std::uint32_t generation) {
  if (!live(slot, generation)) [[unlikely]]
    return misuse("cancel", slot, generation);
  end(slot, Ending::Cancelled);
  ++stale_;
  compactIfMostlyStale();
  return {};
}

Result<void> Scheduler::reset(std::uint32_t slot, std::uint32_t generation, Duration delay) {
  if (!live(slot, generation)) return misuse("reset", slot, generation);
  ++stale_;  // the old heap entry
  schedule(slot, clock_.now() + std::max(delay, Duration::zero()));
  compactIfMostlyStale();
  return {};
}

Result<void> Scheduler::delay(std::uint32_t slot, std::uint32_t generation, Duration extra) {
  if (!live(slot, generation)) return misuse("delay", slot, generation);
  ++stale_;
  schedule(slot, deadlines_[slot] + std::max(extra, Duration::zero()));
  compactIfMostlyStale();
  return {};
}

void Scheduler::dropStaleTop() {
  while (!heap_.empty() && stale(heap_.top())) {
    heap_.pop();
    --stale_;
  }
}

// Lazy cancellation leaves entries behind; rebuilding once they outnumber live ones keeps the
// heap's memory proportional to pending calls at O(1) amortised cost per cancel.
void Scheduler::compactIfMostlyStale() {
  if (stale_ < 1024 || stale_ < heap_.size() / 2) return;
  heap_.removeIf([this](const Entry& e) { return stale(e); });
  stale_ = 0;
}

// Gives the live calls sequences 1, 2, ... in their current order, so relative order (and with
// it the FIFO rule for equal deadlines) is kept while the 40-bit sequence space starts over.
void Scheduler::renumberSequences() {
  heap_.removeIf([this](const Entry& e) { return stale(e); });
  stale_ = 0;
  std::uint64_t sequence = 1;
  heap_.sortAndVisit([&](Entry& e) {
    states_[slotOf(e)].liveSequence = sequence;
    e.key = (sequence << kSlotBits) | slotOf(e);
    ++sequence;
  });
  nextSequence_ = sequence;
}

}  // namespace weft::net
