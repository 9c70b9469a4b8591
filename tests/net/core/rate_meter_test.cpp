#include "net/core/detail/rate_meter.h"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using weft::net::NetStats;
using weft::net::TimePoint;
using weft::net::TrafficTotals;
using weft::net::detail::RateMeter;

TEST_CASE("rates are the traffic of about the last second, however often they are asked for") {
  RateMeter meter;
  TrafficTotals totals;
  NetStats stats;
  TimePoint t{};
  meter.update(t, totals, stats);
  CHECK(stats.bytesSentPerSecond == 0);  // one sample: no rate yet
  // 1,000 bytes and 10 packets every 16 ms frame, for three seconds, asked every frame.
  for (int frame = 1; frame <= 180; ++frame) {
    t += 16ms;
    totals.bytesSent += 1000;
    totals.packetsSent += 10;
    totals.bytesReceived += 500;
    meter.update(t, totals, stats);
  }
  CHECK(stats.bytesSentPerSecond == doctest::Approx(62500).epsilon(0.05));
  CHECK(stats.packetsSentPerSecond == doctest::Approx(625).epsilon(0.05));
  CHECK(stats.bytesReceivedPerSecond == doctest::Approx(31250).epsilon(0.05));
  CHECK(stats.totals.bytesSent == 180000);
}

TEST_CASE("when traffic stops the rate falls to zero within the window") {
  RateMeter meter;
  TrafficTotals totals;
  NetStats stats;
  TimePoint t{};
  for (int i = 0; i < 20; ++i) {
    t += 100ms;
    totals.bytesReceived += 10000;
    meter.update(t, totals, stats);
  }
  CHECK(stats.bytesReceivedPerSecond > 50000);
  for (int i = 0; i < 15; ++i) {
    t += 100ms;
    meter.update(t, totals, stats);
  }
  CHECK(stats.bytesReceivedPerSecond == 0);
}
