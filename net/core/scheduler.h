// Scheduler: callLater and the DelayedCall handle (Twisted's IReactorTime), with the pass rule
// that makes frames and tests deterministic: a call scheduled while due calls run waits for the
// next pass, and calls due at the same time run in the order they were scheduled.
// Tests: tests/net/core/scheduler_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "net/core/clock.h"
#include "net/core/detail/timer_heap.h"
#include "net/core/logger.h"
#include "net/core/result.h"
#include "net/core/unique_function.h"

namespace weft::net {

class Scheduler;

// A copyable handle to one scheduled call. It must not outlive its Scheduler (keep a ScopedCall
// in objects that might). Every operation on a call that already ran or was cancelled is
// reported as an Error (and logged), never UB.
class DelayedCall {
 public:
  DelayedCall() = default;  // an empty handle: never active

  // Stops the call from running and frees what its callback captured.
  Result<void> cancel();
  // Runs the call `delay` from now instead.
  Result<void> reset(Duration delay);
  // Runs the call `extra` later than it is due now.
  Result<void> delay(Duration extra);

  // True until the call runs or is cancelled.
  bool active() const;
  // When the call is due; empty once it is no longer active.
  std::optional<TimePoint> time() const;

 private:
  friend class Scheduler;
  friend class ScopedCall;
  DelayedCall(Scheduler* scheduler, std::uint32_t slot, std::uint32_t generation)
      : scheduler_(scheduler), slot_(slot), generation_(generation) {}

  Scheduler* scheduler_ = nullptr;
  std::uint32_t slot_ = 0;
  std::uint32_t generation_ = 0;
};

// Owns a DelayedCall and cancels it when destroyed or reassigned: the way for an object to keep
// a timer that must not fire after the object is gone. Unlike a bare DelayedCall it may outlive
// its Scheduler (a factory declared before the reactor that holds a retry timer): the Scheduler
// empties every ScopedCall that still refers to it when it is destroyed.
class ScopedCall {
 public:
  ScopedCall() = default;
  ScopedCall(DelayedCall call);  // NOLINT: adopting a handle is the point
  ScopedCall(ScopedCall&& other) noexcept;
  ScopedCall& operator=(ScopedCall&& other) noexcept;
  ScopedCall& operator=(DelayedCall call);
  ScopedCall(const ScopedCall&) = delete;
  ScopedCall& operator=(const ScopedCall&) = delete;
  ~ScopedCall() { cancel(); }

  // Cancels the call if it is still pending; quiet if it already ran.
  void cancel();
  bool active() const { return call_.active(); }
  const DelayedCall& get() const { return call_; }

 private:
  friend class Scheduler;
  // In its scheduler's list exactly while call_ refers to a scheduler.
  void link();
  void unlink();
  void takeOver(ScopedCall& other) noexcept;

  DelayedCall call_;
  ScopedCall* prev_ = nullptr;
  ScopedCall* next_ = nullptr;
};

namespace detail {
struct SchedulerTestAccess;  // tests/net/core/scheduler_test.cpp: jumps the sequence counter
}

class Scheduler {
 public:
  // `clock` and `logger` must outlive the scheduler. Exceptions thrown by callbacks are caught
  // and reported to `logger`; the scheduler goes on with the next call.
  Scheduler(Clock& clock, Logger& logger);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `fn` once, `delay` from now (a negative delay counts as zero).
  DelayedCall callLater(Duration delay, Callback fn);

  // Runs, in deadline order then scheduling order, the calls due at `now` that were scheduled
  // before this pass began. Calls they schedule wait for a later pass. Stops early once
  // clock().now() reaches `stopAt` after a call (the pump's budget). Returns how many ran.
  std::size_t runDue(TimePoint now, TimePoint stopAt = TimePoint::max());

  // Deadline of the earliest pending call, if any.
  std::optional<TimePoint> nextDeadline();
  std::size_t pendingCount() const { return pending_; }
  Clock& clock() const { return clock_; }
  Logger& logger() const { return logger_; }

 private:
  friend class DelayedCall;
  friend class ScopedCall;
  friend struct detail::SchedulerTestAccess;

  enum class Ending : std::uint8_t { None, Ran, Cancelled };

  // Per call slot, split by who reads it. CallState is all that cancel, liveness checks and
  // heap maintenance read: 16 bytes, so a 100,000-timer queue keeps it in 1.6 MB. Callbacks are
  // touched only to run them or to free what they own; deadlines only by time() and delay().
  struct CallState {
    std::uint64_t liveSequence = 0;    // the sequence of its live heap entry; 0: not pending
    std::uint32_t generation = 0;      // bumped when the call ends; stale handles see a mismatch
    Ending lastEnding = Ending::None;  // how generation-1 ended, for a precise error message
    bool ownsResources = false;        // its callback has something to free (see UniqueFunction)
  };

  // Heap entries are never removed on cancel (that is what keeps cancel O(1)); an entry whose
  // sequence no longer matches its slot's live sequence is stale and skipped at the top. The
  // key holds the sequence (which orders equal deadlines) in its high 40 bits, the slot below.
  using Entry = detail::TimerEntry;
  static constexpr unsigned kSlotBits = 24;
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  static constexpr std::uint64_t kMaxSequence = std::uint64_t{1} << (64 - kSlotBits);
  // When fewer sequences than this are left, the next runDue renumbers the live calls from 1:
  // after about a trillion schedules, once, in O(n log n), and never inside a pass.
  static constexpr std::uint64_t kRenumberMargin = std::uint64_t{1} << 32;
  static std::uint64_t sequenceOf(const Entry& e) { return e.key >> kSlotBits; }
  static std::uint32_t slotOf(const Entry& e) {
    return static_cast<std::uint32_t>(e.key & kSlotMask);
  }

  bool live(std::uint32_t slot, std::uint32_t generation) const {
    return slot < states_.size() && states_[slot].generation == generation &&
           states_[slot].liveSequence != 0;
  }
  bool stale(const Entry& e) const { return states_[slotOf(e)].liveSequence != sequenceOf(e); }
  Error misuse(const char* operation, std::uint32_t slot, std::uint32_t generation) const;
  void schedule(std::uint32_t slot, TimePoint deadline);
  void end(std::uint32_t slot, Ending how);
  void dropStaleTop();
  void compactIfMostlyStale();
  void renumberSequences();

  Result<void> cancel(std::uint32_t slot, std::uint32_t generation);
  Result<void> reset(std::uint32_t slot, std::uint32_t generation, Duration delay);
  Result<void> delay(std::uint32_t slot, std::uint32_t generation, Duration extra);

  Clock& clock_;
  Logger& logger_;
  std::vector<CallState> states_;         // per slot
  std::vector<Callback> callbacks_;       // per slot
  std::vector<TimePoint> deadlines_;      // per slot
  std::vector<std::uint32_t> freeSlots_;  // last freed first: recently touched memory
  detail::TimerHeap heap_;
  std::uint64_t nextSequence_ = 1;  // 0 marks "not pending"
  std::size_t pending_ = 0;
  std::size_t stale_ = 0;
  ScopedCall* scopedCalls_ = nullptr;  // head of the ScopedCalls to empty on destruction
};

}  // namespace weft::net
