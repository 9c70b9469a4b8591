#include <doctest/doctest.h>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {

// Player 0 at (2, 3) aims right along row 3. Player 1 stands in that line at (10, 3) for one
// tick (returned), then steps out of it to row 1 and stays there.
struct Scene {
  World world;
  Tick sawInLine = 0;
};

Scene targetLeavesTheLine(int ticksSince) {
  Scene scene{worldWith(mapOf(openRoom(20, 5)), 2)};
  World& world = scene.world;
  place(world, 0, 2, 3);
  place(world, 1, 10, 3);
  stepIdle(world, 1);
  scene.sawInLine = world.tick;
  place(world, 1, 10, 1);
  stepIdle(world, ticksSince);
  return scene;
}

bool laserHits(World& world, Tick viewTick) {
  playerOf(world, 0).laserReadyTick = 0;
  Input shot;
  shot.buttons = kFireLaser;
  shot.aimX = 1;
  shot.viewTick = viewTick;
  return countOf<PlayerHit>(stepWith(world, 0, shot)) == 1;
}

}  // namespace

TEST_CASE("a target that moved away is still hit where the shooter's screen showed it") {
  for (int since : {1, 5, 9}) {
    CAPTURE(since);
    Scene scene = targetLeavesTheLine(since);
    CHECK(laserHits(scene.world, scene.sawInLine));
  }
}

TEST_CASE("without a view tick in the past, the target is tested where it is now") {
  Scene scene = targetLeavesTheLine(5);
  CHECK_FALSE(laserHits(scene.world, scene.world.tick + 1));  // the tick being stepped: now
}

TEST_CASE("no rewind beyond 200 ms: an older view tick counts as 200 ms ago") {
  // The shooter saw the target in line 10 ticks (200 ms) before the shot: still a hit.
  Scene edge = targetLeavesTheLine(9);
  CHECK(edge.world.tick + 1 - edge.sawInLine == 10);
  CHECK(laserHits(edge.world, edge.sawInLine));
  // 11 ticks: the rewind stops at 10 ticks back, where the target had already left.
  Scene late = targetLeavesTheLine(10);
  CHECK_FALSE(laserHits(late.world, late.sawInLine));
}

TEST_CASE("a target that walked into the line after the shooter's view is not hit") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  place(world, 0, 2, 3);
  place(world, 1, 10, 1);
  stepIdle(world, 1);
  const Tick saw = world.tick;
  place(world, 1, 10, 3);
  stepIdle(world, 3);
  CHECK_FALSE(laserHits(world, saw));
}

TEST_CASE("a player dead at the view tick cannot be hit there, even if alive now") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  place(world, 0, 2, 3);
  place(world, 1, 10, 3);
  Player& one = playerOf(world, 1);
  one.alive = false;
  one.respawnTick = world.tick + 1000;
  stepIdle(world, 1);
  const Tick saw = world.tick;
  one.alive = true;  // back, in the same place
  one.health = 100;
  stepIdle(world, 2);
  CHECK_FALSE(laserHits(world, saw));
  CHECK(laserHits(world, world.tick + 1));
}

TEST_CASE("a player who joins into a reused slot is not rewound into its predecessor's place") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  place(world, 0, 2, 3);
  place(world, 1, 10, 3);
  stepIdle(world, 1);
  const Tick saw = world.tick;
  removePlayer(world, 1);
  addPlayer(world, 1);
  addPlayer(world, 2);  // keeps the match going
  stepIdle(world, 1);
  place(world, 1, 10, 1);
  CHECK_FALSE(laserHits(world, saw));
}

TEST_CASE("the history keeps exactly the rewind window of frames") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  stepIdle(world, 30);
  CHECK(world.history.frames().size() == 11);
  CHECK(world.history.find(world.tick) != nullptr);
  CHECK(world.history.find(world.tick - 10) != nullptr);
  CHECK(world.history.find(world.tick - 11) == nullptr);
}
