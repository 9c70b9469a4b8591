#include "game/sim/movement.h"

#include <doctest/doctest.h>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {

const Tuning kTuning = deriveTuning(SimConfig{});

Input moving(std::int8_t x, std::int8_t y) {
  Input input;
  input.moveX = x;
  input.moveY = y;
  return input;
}

// One player alone (warmup) in an open room, placed at tile (x, y).
World aloneAt(const std::string& rows, int x, int y) {
  World world = worldWith(mapOf(rows), 1);
  place(world, 0, x, y);
  return world;
}

}  // namespace

TEST_CASE("acceleration reaches the top speed in a few ticks and never passes it") {
  Vec v;
  int ticks = 0;
  while (v.x < kTuning.maxSpeed && ticks < 100) {
    v = steer(v, 127, 0, kTuning);
    ++ticks;
  }
  CHECK(v == Vec{kTuning.maxSpeed, 0});
  CHECK(ticks == 5);  // 0.1 s at 50 Hz
  for (int i = 0; i < 100; ++i) {
    v = steer(v, 127, 0, kTuning);
    CHECK(lengthSquared(v) <= std::int64_t{kTuning.maxSpeed} * kTuning.maxSpeed);
  }
}

TEST_CASE("friction brings a player to a full stop, exactly zero, when the input is let go") {
  Vec v{kTuning.maxSpeed, 0};
  int ticks = 0;
  while (v != Vec{} && ticks < 100) {
    v = steer(v, 0, 0, kTuning);
    ++ticks;
  }
  CHECK(v == Vec{});
  CHECK(ticks == 8);  // 123 / 16 per tick: 0.16 s
}

TEST_CASE("a diagonal is no faster than a straight line, and half a stick is half speed") {
  Vec diagonal;
  Vec half;
  for (int i = 0; i < 50; ++i) {
    diagonal = steer(diagonal, 127, -127, kTuning);
    half = steer(half, 0, 64, kTuning);
  }
  CHECK(lengthSquared(diagonal) <= std::int64_t{kTuning.maxSpeed} * kTuning.maxSpeed);
  CHECK(length(diagonal) >= kTuning.maxSpeed - 2);
  CHECK(diagonal.x == -diagonal.y);
  CHECK(half.y == kTuning.maxSpeed * 64 / 127);
  CHECK(steer({}, -128, 0, kTuning) == steer({}, -127, 0, kTuning));  // -128 counts as -127
}

TEST_CASE("a player walks across a room at the top speed") {
  World world = aloneAt(openRoom(20, 3), 2, 1);
  const Coord start = playerOf(world, 0).position.x;
  for (int i = 0; i < 50; ++i) stepWith(world, 0, moving(127, 0));
  const Player& p = playerOf(world, 0);
  CHECK(p.velocity == Vec{kTuning.maxSpeed, 0});
  // 5 ticks of speeding up, then 123 a tick: 6 tiles in a second, less the first 0.05 s.
  CHECK(p.position.x - start > 6 * kUnitsPerTile - 300);
  CHECK(p.position.x - start <= 6 * kUnitsPerTile);
  CHECK(p.position.y == centreOf({0, 1}).y);
}

TEST_CASE("a wall stops a player at its radius, however fast and however long it pushes") {
  World world = aloneAt(openRoom(6, 1), 1, 1);
  for (int i = 0; i < 200; ++i) stepWith(world, 0, moving(127, 0));
  const Player& p = playerOf(world, 0);
  const Coord wallFace = 7 * kUnitsPerTile;  // column 7 is the border
  CHECK(p.position.x <= wallFace - kTuning.playerRadius);
  CHECK(p.position.x >= wallFace - kTuning.playerRadius - 2);
  CHECK(p.velocity.x == 0);
}

TEST_CASE("no tunnelling: at any speed a one-tile wall is never crossed") {
  // A pillar of wall between two rooms; the player is fired at it far above the top speed.
  const auto map = mapOf(
      "#######\n"
      "#S.#.S#\n"
      "#.....#\n"
      "#######\n");
  for (Coord speed : {123, 400, 1000, 2047, 5000}) {
    CAPTURE(speed);
    Vec position = centreOf({2, 1});
    Vec velocity{speed, 0};
    for (int i = 0; i < 10; ++i) moveCircle(*map, position, velocity, kTuning.playerRadius);
    CHECK(position.x <= 3 * kUnitsPerTile - kTuning.playerRadius);
  }
}

TEST_CASE("a player pressing diagonally into a wall slides along it at the wall's share of speed") {
  World world = aloneAt(openRoom(20, 3), 2, 1);
  for (int i = 0; i < 50; ++i) stepWith(world, 0, moving(127, -127));  // up-right, into the top
  const Player& p = playerOf(world, 0);
  CHECK(p.position.y >= kUnitsPerTile + kTuning.playerRadius);
  CHECK(p.position.y <= kUnitsPerTile + kTuning.playerRadius + 2);
  CHECK(p.velocity.y == 0);
  CHECK(p.velocity.x >= kTuning.maxSpeed * 7 / 10);  // the diagonal's x part goes on
  CHECK(p.position.x > centreOf({2, 0}).x + 3 * kUnitsPerTile + kUnitsPerTile / 2);
}

TEST_CASE("a player rounds a wall's corner instead of sticking on it") {
  // Walking right along row 1, the corner of the block at (4, 2) is brushed: the body slides
  // around it rather than stopping.
  const auto map = mapOf(
      "##########\n"
      "#S.......#\n"
      "#...#...S#\n"
      "##########\n");
  Vec position{centreOf({2, 1}).x, 2 * kUnitsPerTile - 100};  // low in row 1, overlapping row 2
  Vec velocity{kTuning.maxSpeed, 0};
  for (int i = 0; i < 40; ++i) {
    Vec keep{kTuning.maxSpeed, 0};
    velocity = keep;
    moveCircle(*map, position, velocity, kTuning.playerRadius);
  }
  CHECK(position.x > centreOf({6, 1}).x);
  const Vec corner{4 * kUnitsPerTile, 2 * kUnitsPerTile};
  CHECK(lengthSquared(position - corner) >=
        std::int64_t{kTuning.playerRadius} * kTuning.playerRadius);
}

TEST_CASE("a player never ends a tick inside a wall, whatever it does") {
  World world = worldWith(shippedMap("dust"), 1);
  Rng rng(5);
  Input input;
  for (int i = 0; i < 3000; ++i) {
    if (i % 20 == 0)
      input = moving(static_cast<std::int8_t>(rng.between(-127, 127)),
                     static_cast<std::int8_t>(rng.between(-127, 127)));
    stepWith(world, 0, input);
    const Player& p = playerOf(world, 0);
    Vec pos = p.position;
    Vec none;
    REQUIRE_FALSE(pushOutOfWalls(*world.map, pos, &none, kTuning.playerRadius));
  }
}

TEST_CASE("two players on top of each other are pushed apart to two radii in id order") {
  World world = worldWith(mapOf(openRoom(10, 5)), 2);
  place(world, 0, 4, 3);
  place(world, 1, 4, 3);
  stepIdle(world, 1);
  const Vec a = playerOf(world, 0).position;
  const Vec b = playerOf(world, 1).position;
  CHECK(b.x > a.x);  // the higher id steps to +x
  CHECK(b.y == a.y);
  CHECK(a.x == centreOf({4, 3}).x - kTuning.playerRadius);  // half each, in the open
  CHECK(b.x == centreOf({4, 3}).x + kTuning.playerRadius);
  CHECK(length(b - a) >= 2 * kTuning.playerRadius);
}

TEST_CASE("players overlapping at an angle separate along the line between them") {
  World world = worldWith(mapOf(openRoom(10, 5)), 2);
  place(world, 0, 4, 3);
  place(world, 1, 4, 3);
  playerOf(world, 1).position += Vec{300, 300};
  stepIdle(world, 1);
  const Vec between = playerOf(world, 1).position - playerOf(world, 0).position;
  CHECK(length(between) >= 2 * kTuning.playerRadius);
  CHECK(std::abs(between.x - between.y) <= 2);
}

TEST_CASE("a player pushed into a wall by another stays out of it") {
  World world = worldWith(mapOf(openRoom(10, 5)), 2);
  place(world, 0, 1, 3);
  place(world, 1, 1, 3);
  playerOf(world, 0).position.x = kUnitsPerTile + kTuning.playerRadius;  // against the wall
  playerOf(world, 1).position.x = kUnitsPerTile + kTuning.playerRadius + 10;
  stepIdle(world, 1);
  for (PlayerId id : {PlayerId{0}, PlayerId{1}}) {
    Vec pos = playerOf(world, id).position;
    CHECK_FALSE(pushOutOfWalls(*world.map, pos, nullptr, kTuning.playerRadius));
  }
  CHECK(length(playerOf(world, 1).position - playerOf(world, 0).position) >=
        2 * kTuning.playerRadius);  // the one free to move took the whole push
}
