#include "tools/bench/call_timer.h"

#include <doctest/doctest.h>

#include <vector>

using weft::bench::BenchClock;
using weft::bench::clockReadOverhead;
using weft::bench::subtractOverhead;
using weft::bench::timeEachCall;

namespace {
// Spins for at least `ns` of steady_clock time: a call of known minimum length.
void spin(std::chrono::nanoseconds ns) {
  const auto until = BenchClock::now() + ns;
  while (BenchClock::now() < until) {
  }
}
}  // namespace

TEST_CASE("timeEachCall takes one sample per call, each at least as long as the call") {
  std::vector<double> samples(50, -1);
  int calls = 0;
  const std::size_t taken = timeEachCall(samples, [&] {
    ++calls;
    spin(std::chrono::microseconds(2));
  });
  CHECK(taken == 50);
  CHECK(calls == 50);
  for (double sample : samples) CHECK(sample >= 2000);
}

TEST_CASE("timeEachCall stops at its deadline and says how many calls it timed") {
  std::vector<double> samples(100'000);
  const std::size_t taken = timeEachCall(
      samples, [] { spin(std::chrono::microseconds(10)); },
      BenchClock::now() + std::chrono::milliseconds(20));
  CHECK(taken > 0);
  CHECK(taken < samples.size());
  CHECK(taken % weft::bench::kDeadlineStride == 0);
}

TEST_CASE("the clock-read overhead is positive and well under a microsecond") {
  const double overhead = clockReadOverhead(1000);
  CHECK(overhead >= 0);
  CHECK(overhead < 1000);
}

TEST_CASE("subtractOverhead takes the overhead off every sample, keeping negative results") {
  std::vector<double> samples{100, 30, 10};
  subtractOverhead(samples, 20);
  CHECK(samples == std::vector<double>{80, 10, -10});
}
