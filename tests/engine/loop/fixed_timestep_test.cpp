#include "engine/loop/fixed_timestep.h"

#include <doctest/doctest.h>

#include <chrono>
#include <limits>

namespace {

using namespace std::chrono_literals;
using weft::engine::FixedTimestep;
using weft::engine::FixedTimestepConfig;

FixedTimestep tenMs(int cap = 5) {
  return FixedTimestep(FixedTimestepConfig{.step = 10ms, .maxCatchUpSteps = cap});
}

TEST_CASE("frames shorter than a step accumulate until a whole step is due") {
  FixedTimestep t = tenMs();
  auto a = t.advance(4ms);
  CHECK(a.steps == 0);
  CHECK(a.alpha == doctest::Approx(0.4));
  a = t.advance(4ms);
  CHECK(a.steps == 0);
  CHECK(a.alpha == doctest::Approx(0.8));
  a = t.advance(4ms);
  CHECK(a.steps == 1);
  CHECK(a.alpha == doctest::Approx(0.2));
  CHECK(t.leftover() == 2ms);
  CHECK(t.totalSteps() == 1);
}

TEST_CASE("a frame of exactly n steps runs n updates with alpha 0") {
  FixedTimestep t = tenMs();
  auto a = t.advance(30ms);
  CHECK(a.steps == 3);
  CHECK(a.dropped == 0);
  CHECK(a.alpha == 0.0);
  CHECK(t.leftover() == 0ms);
}

TEST_CASE(
    "catch-up is capped per frame and the rest is dropped and counted, keeping the fraction") {
  FixedTimestep t = tenMs(3);
  auto a = t.advance(75ms);
  CHECK(a.steps == 3);
  CHECK(a.dropped == 4);
  CHECK(a.alpha == doctest::Approx(0.5));
  CHECK(t.totalDropped() == 4);
  // The next frame starts from the fraction only, not the dropped backlog.
  a = t.advance(5ms);
  CHECK(a.steps == 1);
  CHECK(a.dropped == 0);
  CHECK(a.alpha == 0.0);
  CHECK(t.totalSteps() == 4);
}

TEST_CASE("60 Hz frames give one update each on average and alpha stays in [0, 1)") {
  FixedTimestep t;  // default 1/60 s
  CHECK(t.step() == weft::engine::kDefaultStep);
  int steps = 0;
  for (int frame = 0; frame < 600; ++frame) {
    // Alternate 16 ms and 17 ms frames, as a 60 Hz display's timestamps do.
    auto a = t.advance(frame % 3 == 0 ? 16ms : 17ms);
    CHECK(a.alpha >= 0.0);
    CHECK(a.alpha < 1.0);
    CHECK(a.dropped == 0);
    steps += a.steps;
  }
  // 600 frames of 16.67 ms mean = 10 s = 600 steps, give or take the last fraction.
  CHECK(steps >= 599);
  CHECK(steps <= 600);
}

TEST_CASE("a negative elapsed time counts as zero") {
  FixedTimestep t = tenMs();
  t.advance(5ms);
  auto a = t.advance(-3ms);
  CHECK(a.steps == 0);
  CHECK(t.leftover() == 5ms);
}

TEST_CASE("a stall of years saturates the dropped count instead of overflowing") {
  FixedTimestep t = tenMs();
  auto a = t.advance(std::chrono::hours(24 * 365 * 10));
  CHECK(a.steps == 5);
  CHECK(a.dropped == std::numeric_limits<int>::max());
}

}  // namespace
