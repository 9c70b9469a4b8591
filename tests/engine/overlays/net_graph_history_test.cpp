// NetGraphHistory fed with explicit time points: units, min/avg/max over the window, expiry,
// gaps without a connection, time jumps and the capacity bound, with exact values.

#include "engine/overlays/net_graph_history.h"

#include <doctest/doctest.h>

using namespace weft::engine;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;
using weft::net::Duration;
using weft::net::NetStats;
using weft::net::TimePoint;

namespace {

const TimePoint kStart = TimePoint{} + seconds(1000);

NetStats netWithRtt(Duration rtt) {
  NetStats stats;
  stats.rtt = rtt;
  return stats;
}

FrameStats frameOf(Duration frameTime, Duration pumpTime = {}) {
  FrameStats frame;
  frame.frameTime = frameTime;
  frame.pumpTime = pumpTime;
  return frame;
}

}  // namespace

TEST_CASE("a sample holds each figure in the unit it is shown in") {
  NetGraphHistory history;
  NetStats stats;
  stats.rtt = milliseconds(23);
  stats.rttVariance = microseconds(4500);
  stats.lossPercent = 1.25;
  stats.bytesReceivedPerSecond = 12300;
  stats.bytesSentPerSecond = 4100;
  history.add(kStart, stats, frameOf(microseconds(16700), microseconds(210)));
  REQUIRE(history.size() == 1);
  const GraphSample& s = history.newest();
  CHECK(s.at == kStart);
  CHECK(s.connected);
  CHECK(s.breakBefore);  // nothing before it to join
  CHECK(s.value(GraphSeries::Rtt) == 23.0f);
  CHECK(s.value(GraphSeries::Jitter) == 4.5f);
  CHECK(s.value(GraphSeries::Loss) == 1.25f);
  CHECK(s.value(GraphSeries::KBytesIn) == static_cast<float>(12.3));
  CHECK(s.value(GraphSeries::KBytesOut) == static_cast<float>(4.1));
  CHECK(s.value(GraphSeries::Pump) == static_cast<float>(0.21));
  CHECK(s.value(GraphSeries::Frame) == static_cast<float>(16.7));
}

TEST_CASE("loss outside 0-100 from a confused transport is clamped, not plotted off the scale") {
  NetGraphHistory history;
  NetStats stats;
  stats.lossPercent = 250;
  history.add(kStart, stats, {});
  CHECK(history.newest().value(GraphSeries::Loss) == 100.0f);
  stats.lossPercent = -3;
  history.add(kStart + milliseconds(16), stats, {});
  CHECK(history.newest().value(GraphSeries::Loss) == 0.0f);
}

TEST_CASE("the summary gives the newest value and min, average and max over the window") {
  NetGraphHistory history;
  const int rtts[] = {10, 30, 20, 40};
  for (int i = 0; i < 4; ++i) {
    history.add(kStart + milliseconds(100 * i), netWithRtt(milliseconds(rtts[i])),
                frameOf(milliseconds(16 + i)));
  }
  const SeriesSummary rtt = history.summary(GraphSeries::Rtt);
  CHECK(rtt.samples == 4);
  REQUIRE(rtt.current.has_value());
  CHECK(*rtt.current == 40.0f);
  CHECK(rtt.min == 10.0f);
  CHECK(rtt.avg == 25.0f);
  CHECK(rtt.max == 40.0f);
  const SeriesSummary frame = history.summary(GraphSeries::Frame);
  CHECK(frame.min == 16.0f);
  CHECK(frame.avg == 17.5f);
  CHECK(frame.max == 19.0f);
}

TEST_CASE("an empty history summarises to no samples and no current value") {
  NetGraphHistory history;
  const SeriesSummary s = history.summary(GraphSeries::Frame);
  CHECK(s.samples == 0);
  CHECK_FALSE(s.current.has_value());
  CHECK(s.max == 0.0f);
}

TEST_CASE("samples older than the window leave; one exactly at its edge stays") {
  NetGraphHistory history;  // 10 s
  for (int i = 0; i <= 12; ++i) {
    history.add(kStart + seconds(i), netWithRtt(milliseconds(i)), {});
  }
  CHECK(history.size() == 11);  // 2 s .. 12 s
  CHECK(history.at(0).at == kStart + seconds(2));
  const SeriesSummary rtt = history.summary(GraphSeries::Rtt);
  CHECK(rtt.min == 2.0f);
  CHECK(rtt.max == 12.0f);
  CHECK(rtt.avg == 7.0f);
  CHECK(history.overflowed() == 0);
}

TEST_CASE("frames without a connection are gaps in the network series only") {
  NetGraphHistory history;
  history.add(kStart, netWithRtt(milliseconds(50)), frameOf(milliseconds(10)));
  history.add(kStart + milliseconds(16), std::nullopt, frameOf(milliseconds(30)));
  SUBCASE("the newest frame has no connection: no current figure, the window still counts") {
    const SeriesSummary rtt = history.summary(GraphSeries::Rtt);
    CHECK_FALSE(rtt.current.has_value());
    CHECK(rtt.samples == 1);
    CHECK(rtt.max == 50.0f);
    CHECK_FALSE(history.newest().connected);
    CHECK(history.newest().value(GraphSeries::Rtt) == 0.0f);
  }
  SUBCASE("the frame series go on through the gap") {
    const SeriesSummary frame = history.summary(GraphSeries::Frame);
    REQUIRE(frame.current.has_value());
    CHECK(*frame.current == 30.0f);
    CHECK(frame.samples == 2);
    CHECK(frame.avg == 20.0f);
  }
  SUBCASE("a connection again gives a current figure, averaged over connected frames only") {
    history.add(kStart + milliseconds(32), netWithRtt(milliseconds(70)), {});
    const SeriesSummary rtt = history.summary(GraphSeries::Rtt);
    REQUIRE(rtt.current.has_value());
    CHECK(*rtt.current == 70.0f);
    CHECK(rtt.samples == 2);
    CHECK(rtt.avg == 60.0f);
  }
}

TEST_CASE("a step longer than maxStep breaks the line; ordinary frames join") {
  NetGraphHistory history;  // maxStep 250 ms
  history.add(kStart, netWithRtt(milliseconds(1)), {});
  history.add(kStart + milliseconds(16), netWithRtt(milliseconds(2)), {});
  history.add(kStart + milliseconds(266), netWithRtt(milliseconds(3)), {});   // exactly 250 ms
  history.add(kStart + milliseconds(3000), netWithRtt(milliseconds(4)), {});  // a stall
  REQUIRE(history.size() == 4);
  CHECK(history.at(0).breakBefore);
  CHECK_FALSE(history.at(1).breakBefore);
  CHECK_FALSE(history.at(2).breakBefore);
  CHECK(history.at(3).breakBefore);
  CHECK(history.summary(GraphSeries::Rtt).samples == 4);  // a break is not a loss of data
}

TEST_CASE("a jump past the whole window leaves only the new sample") {
  NetGraphHistory history;
  history.add(kStart, netWithRtt(milliseconds(99)), {});
  history.add(kStart + milliseconds(16), netWithRtt(milliseconds(99)), {});
  history.add(kStart + seconds(60), netWithRtt(milliseconds(5)), {});
  REQUIRE(history.size() == 1);
  CHECK(history.summary(GraphSeries::Rtt).max == 5.0f);
  CHECK(history.newest().breakBefore);
}

TEST_CASE("time going backwards starts the history afresh") {
  NetGraphHistory history;
  history.add(kStart + seconds(5), netWithRtt(milliseconds(99)), {});
  history.add(kStart + seconds(5) + milliseconds(16), netWithRtt(milliseconds(98)), {});
  history.add(kStart, netWithRtt(milliseconds(7)), {});
  REQUIRE(history.size() == 1);
  CHECK(history.newest().at == kStart);
  CHECK(history.newest().breakBefore);
  CHECK(history.summary(GraphSeries::Rtt).max == 7.0f);
  history.add(kStart + milliseconds(16), netWithRtt(milliseconds(9)), {});
  CHECK(history.size() == 2);
  CHECK_FALSE(history.newest().breakBefore);
}

TEST_CASE("the ring never holds more than its capacity: the oldest go and are counted") {
  NetGraphHistoryConfig config;
  config.capacity = 4;
  NetGraphHistory history(config);
  for (int i = 1; i <= 6; ++i) {
    history.add(kStart + milliseconds(i), netWithRtt(milliseconds(i)), {});
  }
  CHECK(history.size() == 4);
  CHECK(history.overflowed() == 2);
  CHECK(history.at(0).value(GraphSeries::Rtt) == 3.0f);
  CHECK(history.newest().value(GraphSeries::Rtt) == 6.0f);
  CHECK(history.summary(GraphSeries::Rtt).avg == 4.5f);
  history.clear();
  CHECK(history.empty());
  history.add(kStart + seconds(1), netWithRtt(milliseconds(1)), {});
  CHECK(history.size() == 1);
  CHECK(history.newest().breakBefore);
}
