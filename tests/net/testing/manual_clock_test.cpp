#include "net/testing/manual_clock.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;
using weft::net::Scheduler;
using weft::net::TimePoint;
using weft::testing::ManualClock;
using weft::testing::RecordingLogger;

TEST_CASE("a ManualClock only moves when told to") {
  ManualClock clock;
  CHECK(clock.now() == TimePoint{});
  clock.advance(250ms);
  CHECK(clock.now() == TimePoint{} + 250ms);
  clock.spend(1s);
  CHECK(clock.now() == TimePoint{} + 1250ms);
}

TEST_CASE("advance interleaves the calls of two schedulers by deadline") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler client(clock, log);
  Scheduler server(clock, log);
  std::vector<std::string> order;
  client.callLater(3s, [&] { order.push_back("client 3s"); });
  server.callLater(1s, [&] {
    order.push_back("server 1s");
    client.callLater(1s, [&] { order.push_back("client 2s"); });
  });
  clock.advance(5s);
  CHECK(order == std::vector<std::string>{"server 1s", "client 2s", "client 3s"});
}

TEST_CASE("spend moves time without running calls") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler scheduler(clock, log);
  int ran = 0;
  scheduler.callLater(1s, [&] { ++ran; });
  clock.spend(2s);
  CHECK(ran == 0);
  clock.runDue();
  CHECK(ran == 1);
}
