// Interpolator: positions between the two snapshots around the render tick, extrapolation
// bounded to one interval when the buffer runs dry (counted starved), and the adaptive delay.

#include "game/client/interpolation.h"

#include <doctest/doctest.h>

using namespace weft::game;
using namespace weft::game::client;

namespace {
proto::Snapshot at(sim::Tick tick, sim::Coord x, sim::Coord vx) {
  proto::Snapshot s;
  s.tick = tick;
  sim::Player p;
  p.id = 3;
  p.alive = true;
  p.position = {x, 5000};
  p.velocity = {vx, 0};
  s.players[3] = p;
  return s;
}
}  // namespace

TEST_CASE("between two snapshots a player is where the fraction puts it") {
  Interpolator interpolator(2);
  interpolator.add(at(10, 1000, 50));
  interpolator.add(at(12, 1100, 50));
  interpolator.add(at(14, 1300, 50));
  InterpolatedFrame frame = interpolator.sample(12.5, 0.016);
  REQUIRE(frame.players.size() == 1);
  CHECK(frame.players[0].position.x == doctest::Approx(1150));
  CHECK_FALSE(frame.starved);
  frame = interpolator.sample(10.5, 0.016);
  CHECK(frame.players[0].position.x == doctest::Approx(1025));
  CHECK(interpolator.starvedFrames() == 0);
}

TEST_CASE("past the newest snapshot it extrapolates at most one interval, counted starved") {
  Interpolator interpolator(2);
  interpolator.add(at(10, 1000, 50));
  interpolator.add(at(12, 1100, 50));
  InterpolatedFrame frame = interpolator.sample(13, 0.016);
  CHECK(frame.starved);
  CHECK(frame.players[0].position.x == doctest::Approx(1150));
  frame = interpolator.sample(30, 0.016);
  CHECK(frame.players[0].position.x == doctest::Approx(1200));  // two ticks at most
  CHECK(interpolator.starvedFrames() == 2);
  CHECK(interpolator.frames() == 2);
}

TEST_CASE("a respawn far away is drawn at the new place, not slid across the map") {
  Interpolator interpolator(2);
  interpolator.add(at(10, 1000, 0));
  interpolator.add(at(12, 40000, 0));
  CHECK(interpolator.sample(11, 0.016).players[0].position.x == doctest::Approx(40000));
}

TEST_CASE("the delay is two intervals plus twice the jitter, and grows with starvation") {
  Interpolator interpolator(2);
  CHECK(interpolator.delayTicks(0) == doctest::Approx(4));
  CHECK(interpolator.delayTicks(0.25) == doctest::Approx(4.5));
  interpolator.add(at(10, 1000, 0));
  for (int i = 0; i < 3; ++i) (void)interpolator.sample(20, 0.016);
  CHECK(interpolator.delayTicks(0) == doctest::Approx(4 + 3 * Interpolator::kStarvedBoostTicks));
  for (int i = 0; i < 100; ++i) (void)interpolator.sample(20, 0.016);
  CHECK(interpolator.delayTicks(0) == doctest::Approx(6));  // at most one interval more
  interpolator.add(at(30, 1000, 0));
  for (int i = 0; i < 2000; ++i) (void)interpolator.sample(25, 0.016);
  CHECK(interpolator.delayTicks(0) < 6);
}
