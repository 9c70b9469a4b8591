#include "net/core/deferred.h"

#include <doctest/doctest.h>

#include <string>

#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;
using weft::net::Deferred;
using weft::net::Reason;
using weft::net::ReasonCode;

TEST_CASE("then runs on success with the value, now or later") {
  Deferred<int> later;
  int seen = 0;
  later.then([&](int v) { seen = v; });
  CHECK(seen == 0);
  CHECK(later.resolve(41));
  CHECK(seen == 41);

  int now = 0;
  Deferred<int>::succeeded(7).then([&](int v) { now = v; });
  CHECK(now == 7);
}

TEST_CASE("a Deferred fires once; a second result is ignored") {
  Deferred<std::string> d;
  CHECK(d.resolve("first"));
  CHECK_FALSE(d.resolve("second"));
  CHECK_FALSE(d.reject(Reason::lost()));
  CHECK(d.value() == "first");
}

TEST_CASE("then chains values and types") {
  Deferred<int> d;
  std::string out;
  d.then([](int v) { return v * 2; })
      .then([](int v) { return std::to_string(v) + "!"; })
      .then([&](const std::string& s) { out = s; });
  d.resolve(21);
  CHECK(out == "42!");
}

TEST_CASE("a continuation may return a Deferred, and the chain waits for it") {
  Deferred<int> first;
  Deferred<std::string> second;
  std::string out;
  first.then([&](int) { return second; }).then([&](std::string& s) { out = s; });
  first.resolve(1);
  CHECK(out.empty());
  second.resolve("done");
  CHECK(out == "done");
}

TEST_CASE("a failure skips then and reaches otherwise") {
  Deferred<int> d;
  bool thenRan = false;
  Reason seen;
  d.then([&](int) { thenRan = true; }).otherwise([&](const Reason& r) { seen = r; });
  d.reject(Reason::refused("127.0.0.1:9"));
  CHECK_FALSE(thenRan);
  CHECK(seen.code == ReasonCode::ConnectionRefused);
}

TEST_CASE("otherwise can recover with a value, or only observe") {
  SUBCASE("recover") {
    int out = 0;
    Deferred<int>::failed(Reason::lost())
        .otherwise([](const Reason&) { return 5; })
        .then([&](int v) { out = v; });
    CHECK(out == 5);
  }
  SUBCASE("observe") {
    int observed = 0;
    auto chained =
        Deferred<int>::failed(Reason::lost()).otherwise([&](const Reason&) { ++observed; });
    CHECK(observed == 1);
    CHECK(chained.hasFailed());
    CHECK(chained.failure().code == ReasonCode::ConnectionLost);
  }
}

TEST_CASE("an exception in a continuation becomes a CallbackError") {
  Deferred<int> d;
  Reason seen;
  d.then([](int) -> int {
     throw std::runtime_error("parse failed");
   }).otherwise([&](const Reason& r) { seen = r; });
  d.resolve(1);
  CHECK(seen.code == ReasonCode::CallbackError);
  CHECK(seen.detail == "parse failed");
}

TEST_CASE("Deferred<void> chains like the others") {
  Deferred<void> d;
  int steps = 0;
  d.then([&] { ++steps; }).then([&] { ++steps; });
  d.resolve();
  CHECK(steps == 2);
}

TEST_CASE("cancel runs the canceller and fails with Cancelled") {
  Deferred<int> d;
  bool stopped = false;
  d.setCanceller([&] { stopped = true; });
  Reason seen;
  auto chained = d.then([](int v) { return v; });
  chained.otherwise([&](const Reason& r) { seen = r; });
  chained.cancel();  // cancelling the end of a chain cancels its source
  CHECK(stopped);
  CHECK(d.failure().code == ReasonCode::Cancelled);
  CHECK(seen.code == ReasonCode::Cancelled);
}

TEST_CASE("withTimeout fails with TimedOut on the scheduler's clock") {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::net::Scheduler scheduler(clock, log);

  SUBCASE("no answer in time") {
    Deferred<int> d;
    bool cancelled = false;
    d.setCanceller([&] { cancelled = true; });
    d.withTimeout(scheduler, 5s);
    clock.advance(4999ms);
    CHECK_FALSE(d.fired());
    clock.advance(1ms);
    REQUIRE(d.hasFailed());
    CHECK(d.failure().code == ReasonCode::TimedOut);
    CHECK(cancelled);
    CHECK_FALSE(d.resolve(1));  // the late answer is ignored
  }
  SUBCASE("an answer in time cancels the timer") {
    Deferred<int> d;
    d.withTimeout(scheduler, 5s);
    CHECK(scheduler.pendingCount() == 1);
    d.resolve(3);
    CHECK(scheduler.pendingCount() == 0);
    CHECK(d.value() == 3);
  }
}
