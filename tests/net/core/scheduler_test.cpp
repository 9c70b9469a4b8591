#include "net/core/scheduler.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;
using weft::net::DelayedCall;
using weft::net::Scheduler;
using weft::net::ScopedCall;
using weft::testing::ManualClock;
using weft::testing::RecordingLogger;

namespace weft::net::detail {
struct SchedulerTestAccess {
  static void jumpToSequence(Scheduler& s, std::uint64_t next) { s.nextSequence_ = next; }
  static std::uint64_t nextSequence(const Scheduler& s) { return s.nextSequence_; }
  static std::uint64_t limit() { return Scheduler::kMaxSequence - Scheduler::kRenumberMargin; }
};
}  // namespace weft::net::detail
using weft::net::detail::SchedulerTestAccess;

namespace {
struct Fixture {
  ManualClock clock;
  RecordingLogger log;
  Scheduler scheduler{clock, log};
  std::vector<std::string> ran;

  DelayedCall record(std::chrono::nanoseconds delay, std::string name) {
    return scheduler.callLater(delay, [this, name] { ran.push_back(name); });
  }
};
}  // namespace

TEST_CASE("a call runs once its delay has passed, not before") {
  Fixture f;
  auto call = f.record(2s, "a");
  f.clock.advance(1999ms);
  CHECK(f.ran.empty());
  CHECK(call.active());
  f.clock.advance(1ms);
  CHECK(f.ran == std::vector<std::string>{"a"});
  CHECK_FALSE(call.active());
  f.clock.advance(10s);
  CHECK(f.ran.size() == 1);
}

TEST_CASE("calls run in deadline order, and equal deadlines in the order scheduled") {
  Fixture f;
  f.record(3s, "late");
  f.record(1s, "first");
  f.record(2s, "x");
  f.record(2s, "y");
  f.record(2s, "z");
  f.clock.advance(5s);
  CHECK(f.ran == std::vector<std::string>{"first", "x", "y", "z", "late"});
}

TEST_CASE("advance stops at each deadline so a call sees its own time") {
  Fixture f;
  std::vector<weft::net::TimePoint> seen;
  for (int i = 1; i <= 3; ++i) {
    f.scheduler.callLater(i * 1s, [&] { seen.push_back(f.clock.now()); });
  }
  f.clock.advance(10s);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] == weft::net::TimePoint{} + 1s);
  CHECK(seen[2] == weft::net::TimePoint{} + 3s);
  CHECK(f.clock.now() == weft::net::TimePoint{} + 10s);
}

TEST_CASE("a call scheduled with zero delay from a callback waits for the next pass") {
  Fixture f;
  f.scheduler.callLater(1s, [&] {
    f.ran.push_back("outer");
    f.scheduler.callLater(0s, [&] { f.ran.push_back("inner"); });
  });
  f.record(1s, "sibling");

  SUBCASE("runDue runs only what was due when the pass began") {
    f.clock.spend(1s);
    CHECK(f.scheduler.runDue(f.clock.now()) == 2);
    CHECK(f.ran == std::vector<std::string>{"outer", "sibling"});
    CHECK(f.scheduler.runDue(f.clock.now()) == 1);
    CHECK(f.ran.back() == "inner");
  }
  SUBCASE("ManualClock::advance runs it in the same advance, after the older calls") {
    f.clock.advance(1s);
    CHECK(f.ran == std::vector<std::string>{"outer", "sibling", "inner"});
  }
}

TEST_CASE("a call cancelled by an earlier call at the same time does not run") {
  Fixture f;
  DelayedCall victim;
  f.scheduler.callLater(1s, [&] { (void)victim.cancel(); });
  victim = f.record(1s, "victim");
  f.clock.advance(1s);
  CHECK(f.ran.empty());
  CHECK(f.scheduler.pendingCount() == 0);
}

TEST_CASE("a call is no longer active while it runs") {
  Fixture f;
  DelayedCall self;
  bool activeInside = true;
  self = f.scheduler.callLater(1s, [&] { activeInside = self.active(); });
  f.clock.advance(1s);
  CHECK_FALSE(activeInside);
}

TEST_CASE("a callback that throws is logged and the calls after it still run") {
  Fixture f;
  f.scheduler.callLater(1s, [] { throw std::runtime_error("boom"); });
  f.record(1s, "after");
  f.clock.advance(1s);
  CHECK(f.ran == std::vector<std::string>{"after"});
  CHECK(f.log.contains("boom", weft::net::LogLevel::Error));
}

TEST_CASE("misuse of a finished call is reported, never undefined") {
  Fixture f;
  auto call = f.record(1s, "a");

  SUBCASE("cancel twice") {
    CHECK(call.cancel().ok());
    auto second = call.cancel();
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().message == "DelayedCall::cancel: the call was already cancelled");
    CHECK(f.log.contains("already cancelled", weft::net::LogLevel::Warning));
  }
  SUBCASE("reset after it ran") {
    f.clock.advance(1s);
    auto reset = call.reset(1s);
    REQUIRE_FALSE(reset.ok());
    CHECK(reset.error().message == "DelayedCall::reset: the call already ran");
    f.clock.advance(5s);
    CHECK(f.ran.size() == 1);
  }
  SUBCASE("delay after cancel, on a reused slot") {
    CHECK(call.cancel().ok());
    auto reuser = f.record(1s, "b");  // takes the freed slot
    CHECK_FALSE(call.delay(1s).ok());
    CHECK(reuser.active());
    f.clock.advance(1s);
    CHECK(f.ran == std::vector<std::string>{"b"});
  }
  SUBCASE("an empty handle") {
    DelayedCall empty;
    CHECK_FALSE(empty.active());
    CHECK_FALSE(empty.cancel().ok());
    CHECK_FALSE(empty.time().has_value());
  }
}

TEST_CASE("reset reschedules from now and delay pushes the deadline back") {
  Fixture f;
  auto call = f.record(2s, "a");
  CHECK(call.time() == weft::net::TimePoint{} + 2s);
  f.clock.advance(1s);
  CHECK(call.reset(5s).ok());
  CHECK(call.time() == weft::net::TimePoint{} + 6s);
  CHECK(call.delay(1s).ok());
  CHECK(call.time() == weft::net::TimePoint{} + 7s);
  f.clock.advance(5s);
  CHECK(f.ran.empty());
  f.clock.advance(1s);
  CHECK(f.ran.size() == 1);
}

TEST_CASE("a negative delay counts as zero") {
  Fixture f;
  f.clock.advance(10s);
  auto call = f.record(-5s, "a");
  CHECK(call.time() == f.clock.now());
  f.clock.runDue();
  CHECK(f.ran.size() == 1);
}

TEST_CASE("ScopedCall cancels its call when it goes away") {
  Fixture f;
  {
    ScopedCall scoped = f.record(1s, "scoped");
    CHECK(scoped.active());
  }
  ScopedCall moved;
  {
    ScopedCall original = f.record(1s, "moved");
    moved = std::move(original);
  }
  f.clock.advance(2s);
  CHECK(f.ran == std::vector<std::string>{"moved"});
  CHECK(f.log.lines.empty());  // cancelling a call that already ran is not misuse for ScopedCall
}

TEST_CASE("cancelling frees what the callback captured at once") {
  Fixture f;
  auto resource = std::make_shared<int>(7);
  std::weak_ptr<int> watch = resource;
  auto call = f.scheduler.callLater(1s, [r = std::move(resource)] { (void)r; });
  CHECK_FALSE(watch.expired());
  CHECK(call.cancel().ok());
  CHECK(watch.expired());
}

TEST_CASE("a move-only callback can be scheduled") {
  Fixture f;
  auto box = std::make_unique<std::string>("moved in");
  std::string out;
  f.scheduler.callLater(1s, [&out, b = std::move(box)] { out = *b; });
  f.clock.advance(1s);
  CHECK(out == "moved in");
}

TEST_CASE("many cancellations keep order and count right") {
  Fixture f;
  std::vector<DelayedCall> calls;
  std::vector<int> order;
  for (int i = 0; i < 5000; ++i) {
    calls.push_back(f.scheduler.callLater((5000 - i) * 1ms, [&order, i] { order.push_back(i); }));
  }
  for (int i = 0; i < 5000; i += 2) CHECK(calls[i].cancel().ok());
  CHECK(f.scheduler.pendingCount() == 2500);
  f.clock.advance(10s);
  REQUIRE(order.size() == 2500);
  for (std::size_t k = 1; k < order.size(); ++k) CHECK(order[k - 1] > order[k]);
  CHECK(order.front() == 4999);
}

TEST_CASE("runDue stops once the budget's end has passed") {
  Fixture f;
  for (int i = 0; i < 10; ++i) {
    f.scheduler.callLater(0s, [&] {
      f.ran.push_back("work");
      f.clock.spend(2ms);  // each call takes 2 ms
    });
  }
  auto start = f.clock.now();
  CHECK(f.scheduler.runDue(start, start + 5ms) == 3);
  CHECK(f.scheduler.pendingCount() == 7);
  CHECK(f.scheduler.runDue(f.clock.now()) == 7);
}

TEST_CASE("nextDeadline skips cancelled calls") {
  Fixture f;
  auto early = f.record(1s, "early");
  f.record(3s, "late");
  CHECK(f.scheduler.nextDeadline() == weft::net::TimePoint{} + 1s);
  CHECK(early.cancel().ok());
  CHECK(f.scheduler.nextDeadline() == weft::net::TimePoint{} + 3s);
}

TEST_CASE("when the sequence space runs low, live calls are renumbered and keep their order") {
  Fixture f;
  f.record(2s, "b1");
  f.record(1s, "a");
  SchedulerTestAccess::jumpToSequence(f.scheduler, SchedulerTestAccess::limit() + 5);
  f.record(2s, "b2");  // same deadline as b1, scheduled later: must still run after it
  auto cancelled = f.record(3s, "never");
  f.record(3s, "c");
  CHECK(cancelled.cancel().ok());
  f.clock.advance(5s);  // the first pass renumbers before it runs anything
  CHECK(f.ran == std::vector<std::string>{"a", "b1", "b2", "c"});
  CHECK(SchedulerTestAccess::nextSequence(f.scheduler) < 10);
}

TEST_CASE("ScopedCalls that outlive their scheduler are emptied, wherever they moved to") {
  ManualClock clock;
  RecordingLogger log;
  ScopedCall survivor;
  std::vector<ScopedCall> many;
  {
    Scheduler scheduler(clock, log);
    survivor = scheduler.callLater(1s, [] {});
    for (int i = 0; i < 100; ++i) many.emplace_back(scheduler.callLater(1s, [] {}));  // moves
    ScopedCall moved = std::move(many[50]);
    many[50] = std::move(moved);
    CHECK(survivor.active());
  }
  CHECK_FALSE(survivor.active());
  CHECK_FALSE(survivor.get().time().has_value());
  survivor.cancel();  // harmless
  many.clear();       // destructors touch no freed scheduler (the sanitizer build checks)
}
