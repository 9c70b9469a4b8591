#include "net/core/looping_call.h"

#include <doctest/doctest.h>

#include <vector>

#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;
using weft::net::LoopingCall;
using weft::net::Scheduler;
using weft::net::TimePoint;
using weft::testing::ManualClock;
using weft::testing::RecordingLogger;

namespace {
struct Fixture {
  ManualClock clock;
  RecordingLogger log;
  Scheduler scheduler{clock, log};
  std::vector<TimePoint> calls;
  LoopingCall loop{scheduler, [this] { calls.push_back(clock.now()); }};
};
TimePoint at(std::chrono::milliseconds ms) {
  return TimePoint{} + ms;
}
}  // namespace

TEST_CASE("a looping call runs now and then every interval") {
  Fixture f;
  REQUIRE(f.loop.start(100ms).ok());
  CHECK(f.calls == std::vector<TimePoint>{at(0ms)});
  f.clock.advance(350ms);
  CHECK(f.calls == std::vector<TimePoint>{at(0ms), at(100ms), at(200ms), at(300ms)});
  CHECK(f.loop.skippedTicks() == 0);
}

TEST_CASE("start with now=false waits one interval") {
  Fixture f;
  REQUIRE(f.loop.start(100ms, false).ok());
  CHECK(f.calls.empty());
  f.clock.advance(100ms);
  CHECK(f.calls == std::vector<TimePoint>{at(100ms)});
}

TEST_CASE("the rate does not drift when calls run late") {
  Fixture f;
  REQUIRE(f.loop.start(100ms).ok());
  // Frames at irregular times: the calls stay on the 100 ms grid.
  f.clock.spend(130ms);
  f.clock.runDue();
  f.clock.spend(80ms);
  f.clock.runDue();
  f.clock.advanceTo(at(300ms));
  CHECK(f.calls == std::vector<TimePoint>{at(0ms), at(130ms), at(210ms), at(300ms)});
  CHECK(f.loop.skippedTicks() == 0);
}

TEST_CASE("a late frame runs one call and counts the skipped ticks") {
  Fixture f;
  REQUIRE(f.loop.start(100ms).ok());
  f.clock.spend(450ms);  // a 450 ms hitch: ticks 1..4 are all due
  f.clock.runDue();
  CHECK(f.calls.size() == 2);
  CHECK(f.loop.lastSkipped() == 3);
  CHECK(f.loop.skippedTicks() == 3);
  f.clock.advanceTo(at(500ms));
  CHECK(f.calls.size() == 3);
  CHECK(f.calls.back() == at(500ms));
  CHECK(f.loop.lastSkipped() == 0);
}

TEST_CASE("stop from inside the function ends the loop") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler scheduler{clock, log};
  int count = 0;
  LoopingCall* self = nullptr;
  LoopingCall loop(scheduler, [&] {
    if (++count == 3) self->stop();
  });
  self = &loop;
  REQUIRE(loop.start(10ms).ok());
  clock.advance(1s);
  CHECK(count == 3);
  CHECK_FALSE(loop.running());
  CHECK(scheduler.pendingCount() == 0);
}

TEST_CASE("start refuses a running loop and a non-positive interval") {
  Fixture f;
  CHECK(f.loop.start(0ms).error().message.find("interval must be positive") != std::string::npos);
  REQUIRE(f.loop.start(10ms).ok());
  CHECK_FALSE(f.loop.start(10ms).ok());
  f.loop.stop();
  CHECK(f.loop.start(20ms).ok());
}

TEST_CASE("a throwing function is logged and the loop keeps its rate") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler scheduler{clock, log};
  int count = 0;
  LoopingCall loop(scheduler, [&] {
    ++count;
    throw std::runtime_error("tick failed");
  });
  // The first call runs inside start(): the caller sees that exception directly.
  CHECK_THROWS((void)loop.start(10ms, true));
  clock.advance(30ms);
  CHECK(count == 4);
  CHECK(log.contains("tick failed"));
}

TEST_CASE("destroying a running loop cancels its next call") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler scheduler{clock, log};
  {
    LoopingCall loop(scheduler, [] {});
    REQUIRE(loop.start(10ms).ok());
    CHECK(scheduler.pendingCount() == 1);
  }
  CHECK(scheduler.pendingCount() == 0);
}
