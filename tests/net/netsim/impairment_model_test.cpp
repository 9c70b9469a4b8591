// ImpairmentModel and LinkConditions: each impairment measured over a bounded number of packets
// with a fixed seed, so every figure is the same on every run.

#include "net/netsim/impairment_model.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

using namespace std::chrono_literals;
using weft::net::Duration;
using weft::net::ImpairmentModel;
using weft::net::LinkConditions;
using weft::net::PacketFate;
using weft::net::TimePoint;

namespace {
constexpr std::uint64_t kSeed = 20240611;
constexpr int kPackets = 10'000;

double percentOf(std::uint64_t part, int whole) {
  return 100.0 * static_cast<double>(part) / whole;
}
}  // namespace

TEST_CASE("a perfect link delivers every packet once, at the moment it was sent") {
  ImpairmentModel model({}, kSeed);
  const TimePoint t0 = TimePoint{} + 5s;
  for (int i = 0; i < 100; ++i) {
    PacketFate fate = model.decide(t0, 100);
    REQUIRE(fate.outcome == PacketFate::Outcome::Delivered);
    CHECK(fate.copies == 1);
    CHECK(fate.arrivals[0] == t0);
  }
  CHECK(model.counters().packets == 100);
  CHECK(model.queuedBytes(t0) == 0);
}

TEST_CASE("5% loss over 10,000 packets drops between 4% and 6% of them") {
  LinkConditions conditions;
  conditions.lossPercent = 5;
  ImpairmentModel model(conditions, kSeed);
  int lost = 0;
  for (int i = 0; i < kPackets; ++i) {
    if (model.decide(TimePoint{}, 100).outcome == PacketFate::Outcome::Lost) ++lost;
  }
  CAPTURE(kSeed);
  MESSAGE("5% loss: measured ", percentOf(lost, kPackets), "%");
  CHECK(percentOf(lost, kPackets) == doctest::Approx(5.0).epsilon(0.2));
  CHECK(model.counters().lost == static_cast<std::uint64_t>(lost));
}

TEST_CASE("latency plus jitter keeps every delay within latency ± jitter, spread over the range") {
  LinkConditions conditions;
  conditions.latency = 50ms;
  conditions.jitter = 10ms;
  ImpairmentModel model(conditions, kSeed);
  Duration least = Duration::max();
  Duration most = Duration::min();
  double sum = 0;
  for (int i = 0; i < kPackets; ++i) {
    const TimePoint sent = TimePoint{} + i * 1ms;
    PacketFate fate = model.decide(sent, 100);
    REQUIRE(fate.copies == 1);
    const Duration delay = fate.arrivals[0] - sent;
    least = std::min(least, delay);
    most = std::max(most, delay);
    sum += std::chrono::duration<double, std::milli>(delay).count();
  }
  CHECK(least >= 40ms);
  CHECK(most <= 60ms);
  CHECK(least < 41ms);  // the whole range is used, not just its middle
  CHECK(most > 59ms);
  CHECK(sum / kPackets == doctest::Approx(50.0).epsilon(0.01));
}

TEST_CASE("jitter larger than the latency never makes a delay negative") {
  LinkConditions conditions;
  conditions.latency = 2ms;
  conditions.jitter = 10ms;
  ImpairmentModel model(conditions, kSeed);
  const TimePoint sent = TimePoint{} + 1s;
  for (int i = 0; i < 1000; ++i) CHECK(model.decide(sent, 10).arrivals[0] >= sent);
}

TEST_CASE("10% duplication delivers about 10% of packets twice, each copy with its own delay") {
  LinkConditions conditions;
  conditions.duplicatePercent = 10;
  conditions.latency = 20ms;
  conditions.jitter = 5ms;
  ImpairmentModel model(conditions, kSeed);
  int twice = 0;
  int differentTimes = 0;
  for (int i = 0; i < kPackets; ++i) {
    PacketFate fate = model.decide(TimePoint{}, 100);
    if (fate.copies == 2) {
      ++twice;
      if (fate.arrivals[0] != fate.arrivals[1]) ++differentTimes;
    }
  }
  CHECK(percentOf(twice, kPackets) == doctest::Approx(10.0).epsilon(0.15));
  CHECK(differentTimes > twice / 2);
  CHECK(model.counters().duplicated == static_cast<std::uint64_t>(twice));
}

TEST_CASE("10% reordering holds about 10% of packets back, so later packets overtake them") {
  LinkConditions conditions;
  conditions.reorderPercent = 10;
  conditions.latency = 5ms;
  conditions.reorderDelay = 10ms;
  ImpairmentModel model(conditions, kSeed);
  std::vector<TimePoint> arrivals;
  int held = 0;
  for (int i = 0; i < kPackets; ++i) {
    const TimePoint sent = TimePoint{} + i * 1ms;
    PacketFate fate = model.decide(sent, 100);
    if (fate.reordered) {
      ++held;
      CHECK(fate.arrivals[0] == sent + 15ms);
    } else {
      CHECK(fate.arrivals[0] == sent + 5ms);
    }
    arrivals.push_back(fate.arrivals[0]);
  }
  int overtaken = 0;  // packets that arrive after the one sent next
  for (std::size_t i = 0; i + 1 < arrivals.size(); ++i) {
    if (arrivals[i] > arrivals[i + 1]) ++overtaken;
  }
  CHECK(percentOf(held, kPackets) == doctest::Approx(10.0).epsilon(0.15));
  CHECK(overtaken > held / 2);
}

TEST_CASE("a bandwidth cap spreads a burst out at the capped rate and queues the rest") {
  LinkConditions conditions;
  conditions.bandwidthBytesPerSecond = 100'000;
  ImpairmentModel model(conditions, kSeed);
  const TimePoint t0 = TimePoint{} + 1s;
  TimePoint last{};
  for (int i = 0; i < 100; ++i) last = model.decide(t0, 1000).arrivals[0];  // 100 kB at once
  CHECK(last - t0 == 1s);                                                   // 100 kB at 100 kB/s
  CHECK(model.queuedBytes(t0) == 100'000);
  CHECK(model.queuedBytes(t0 + 500ms) == 50'000);
  CHECK(model.queuedBytes(t0 + 1s) == 0);

  // Steady traffic above the cap: throughput is the cap, measured at the receiving end.
  ImpairmentModel steady(conditions, kSeed);
  TimePoint lastArrival{};
  std::uint64_t bytes = 0;
  for (int i = 0; i < 2000; ++i) {  // 2 MB offered at 200 kB/s for 10 s
    lastArrival = steady.decide(t0 + i * 5ms, 1000).arrivals[0];
    bytes += 1000;
  }
  const double seconds = std::chrono::duration<double>(lastArrival - t0).count();
  MESSAGE("200 kB/s offered through a 100 kB/s cap: ", bytes / seconds, " B/s");
  CHECK(bytes / seconds == doctest::Approx(100'000).epsilon(0.01));
}

TEST_CASE("a full bandwidth queue drops at the tail, counted apart from random loss") {
  LinkConditions conditions;
  conditions.bandwidthBytesPerSecond = 10'000;
  conditions.queueLimitBytes = 5000;
  ImpairmentModel model(conditions, kSeed);
  int delivered = 0;
  int dropped = 0;
  for (int i = 0; i < 10; ++i) {
    PacketFate fate = model.decide(TimePoint{}, 1000);
    if (fate.outcome == PacketFate::Outcome::QueueFull) ++dropped;
    if (fate.outcome == PacketFate::Outcome::Delivered) ++delivered;
  }
  CHECK(delivered == 5);
  CHECK(dropped == 5);
  CHECK(model.counters().queueDrops == 5);
  CHECK(model.counters().lost == 0);
  // Once the queue drains there is room again.
  CHECK(model.decide(TimePoint{} + 1s, 1000).outcome == PacketFate::Outcome::Delivered);
}

TEST_CASE("the same seed replays the same fates; another seed gives others") {
  LinkConditions conditions;
  conditions.lossPercent = 30;
  conditions.duplicatePercent = 10;
  conditions.latency = 30ms;
  conditions.jitter = 20ms;
  auto run = [&](std::uint64_t seed) {
    ImpairmentModel model(conditions, seed);
    std::vector<std::int64_t> trace;
    for (int i = 0; i < 500; ++i) {
      PacketFate fate = model.decide(TimePoint{}, 100);
      trace.push_back(fate.copies == 0 ? -1 : fate.arrivals[0].time_since_epoch().count());
    }
    return trace;
  };
  CHECK(run(7) == run(7));
  CHECK(run(7) != run(8));
}

TEST_CASE("conditions change live: packets decided afterwards get the new ones") {
  ImpairmentModel model({}, kSeed);
  CHECK(model.decide(TimePoint{}, 10).outcome == PacketFate::Outcome::Delivered);
  LinkConditions blackHole;
  blackHole.lossPercent = 100;
  model.setConditions(blackHole);
  for (int i = 0; i < 100; ++i)
    CHECK(model.decide(TimePoint{}, 10).outcome == PacketFate::Outcome::Lost);
  model.setConditions({});
  CHECK(model.decide(TimePoint{}, 10).outcome == PacketFate::Outcome::Delivered);
}

TEST_CASE("invalid conditions are refused with a message naming the field") {
  LinkConditions c;
  CHECK(c.validate().ok());
  c.lossPercent = 120;
  REQUIRE_FALSE(c.validate().ok());
  CHECK(c.validate().error().message == "loss 120% is not within 0-100%");
  c = {};
  c.duplicatePercent = -1;
  CHECK(c.validate().error().message == "duplicate -1% is not within 0-100%");
  c = {};
  c.jitter = -5ms;
  CHECK(c.validate().error().message == "jitter -5ms is negative");
}

TEST_CASE("conditions describe themselves in one line") {
  LinkConditions c;
  c.latency = 50ms;
  c.jitter = 10ms;
  c.lossPercent = 5;
  c.duplicatePercent = 1;
  c.bandwidthBytesPerSecond = 256'000;
  CHECK(c.describe() ==
        "latency 50ms jitter 10ms loss 5% duplicate 1% reorder 0% bandwidth 256000 B/s");
}
