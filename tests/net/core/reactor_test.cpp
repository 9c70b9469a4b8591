#include "net/core/reactor.h"

#include <doctest/doctest.h>

#include <atomic>
#include <ctime>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "net/testing/manual_clock.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"
#include "tests/support/death_test.h"

using namespace std::chrono_literals;
using weft::net::Deferred;
using weft::net::Reactor;
using weft::net::ReactorConfig;
using weft::net::ReasonCode;
using weft::net::SteadyClock;
using weft::testing::ManualClock;
using weft::testing::RecordingLogger;

namespace {
ReactorConfig quiet(RecordingLogger& log) {
  ReactorConfig config;
  config.logger = &log;
  return config;
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

TEST_CASE("an idle pump does nothing and reports nothing left over") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  auto result = reactor.pump(1ms);
  CHECK(result.timersRun == 0);
  CHECK(result.socketsServed == 0);
  CHECK_FALSE(result.budgetSpent);
  CHECK(reactor.openHandles() == 0);
}

TEST_CASE("pump runs the timers that are due") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  int ran = 0;
  reactor.callLater(0s, [&] { ++ran; });
  reactor.callLater(1s, [&] { ++ran; });
  CHECK(reactor.pump(1ms).timersRun == 1);
  clock.spend(1s);
  CHECK(reactor.pump(1ms).timersRun == 1);
  CHECK(ran == 2);
}

TEST_CASE("pump stops at its budget and leaves the rest for the next pump") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  int ran = 0;
  for (int i = 0; i < 10; ++i) {
    reactor.callLater(0s, [&] {
      ++ran;
      clock.spend(2ms);  // each callback is 2 ms of work
    });
  }
  auto first = reactor.pump(5ms);
  CHECK(first.timersRun == 3);  // 2 + 2 + 2 ms: the third one crosses the budget
  CHECK(first.budgetSpent);
  CHECK(ran == 3);
  reactor.pump(100ms);
  CHECK(ran == 10);
}

TEST_CASE("a callback that calls pump is refused with a clear message") {
  auto death = weft::testing::expectDeath([] {
    ManualClock clock;
    RecordingLogger log;
    Reactor reactor(clock, quiet(log));
    reactor.callLater(0s, [&] { reactor.pump(1ms); });
    reactor.pump(1ms);
  });
  CHECK(death.aborted);
  CHECK(death.stderrText.find("Reactor::pump was called from inside a reactor callback") !=
        std::string::npos);
}

TEST_CASE("a throwing timer callback is logged and the reactor goes on") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  bool after = false;
  reactor.callLater(0s, [] { throw std::runtime_error("bad timer"); });
  reactor.callLater(0s, [&] { after = true; });
  reactor.pump(1s);
  CHECK(after);
  CHECK(log.contains("bad timer", weft::net::LogLevel::Error));
}

TEST_CASE("callFromThread runs the function on the reactor thread at the next pump") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  std::atomic<bool> posted{false};
  std::thread::id ranOn;
  bool ran = false;
  std::thread worker([&] {
    reactor.callFromThread([&] {
      ran = true;
      ranOn = std::this_thread::get_id();
    });
    posted = true;
  });
  worker.join();
  CHECK(posted);
  CHECK_FALSE(ran);
  CHECK(weft::testing::pumpUntil(reactor, [&] { return ran; }, 5s));
  CHECK(ranOn == std::this_thread::get_id());
}

TEST_CASE("callFromThread wakes a sleeping run() and can stop it") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  std::thread stopper([&] { reactor.callFromThread([&] { reactor.stop(); }); });
  reactor.run();  // returns only because the other thread's call arrived
  stopper.join();
  CHECK_FALSE(reactor.running());
}

TEST_CASE("run sleeps until the next timer instead of spinning") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  int ticks = 0;
  std::function<void()> tick = [&] {
    if (++ticks == 5) {
      reactor.stop();
    } else {
      reactor.callLater(20ms, tick);
    }
  };
  reactor.callLater(20ms, tick);
  const auto wallStart = std::chrono::steady_clock::now();
  const double cpuStart = threadCpuSeconds();
  reactor.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
  const double cpu = threadCpuSeconds() - cpuStart;
  CHECK(ticks == 5);
  CHECK(wall >= 0.1);
  CHECK(cpu < wall * 0.5);  // a busy loop would burn the whole 100 ms
}

TEST_CASE("deferToThread brings a result back to the reactor thread") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  std::thread::id worker;
  std::thread::id continuation;
  int value = 0;
  reactor
      .deferToThread([&] {
        worker = std::this_thread::get_id();
        return 6 * 7;
      })
      .then([&](int v) {
        value = v;
        continuation = std::this_thread::get_id();
      });
  CHECK(weft::testing::pumpUntil(reactor, [&] { return value != 0; }, 5s));
  CHECK(value == 42);
  CHECK(worker != std::this_thread::get_id());
  CHECK(continuation == std::this_thread::get_id());
}

TEST_CASE("an exception in a deferToThread function fails its Deferred") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  Deferred<int> d = reactor.deferToThread([]() -> int { throw std::runtime_error("disk full"); });
  CHECK(weft::testing::pumpUntil(reactor, [&] { return d.fired(); }, 5s));
  REQUIRE(d.hasFailed());
  CHECK(d.failure().code == ReasonCode::CallbackError);
  CHECK(d.failure().detail == "disk full");
}

TEST_CASE("destroying a reactor releases queued work and never runs it afterwards") {
  SteadyClock clock;
  RecordingLogger log;
  auto timerCapture = std::make_shared<int>(1);
  std::weak_ptr<int> timerWatch = timerCapture;
  bool continuationRan = false;
  {
    Reactor reactor(clock, quiet(log));
    reactor.deferToThread([] { return 1; }).then([&](int) { continuationRan = true; });
    reactor.callLater(1h, [c = std::move(timerCapture)] {});
  }
  CHECK(timerWatch.expired());
  CHECK_FALSE(continuationRan);
}

TEST_CASE("a stop() that comes before run() makes run() return at once") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quiet(log));
  bool ran = false;
  reactor.callLater(1h, [&] { ran = true; });
  reactor.stop();
  reactor.run();  // would sleep for an hour if the stop were forgotten
  CHECK_FALSE(ran);
  CHECK_FALSE(reactor.running());
}
