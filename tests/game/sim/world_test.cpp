#include "game/sim/world.h"

#include <doctest/doctest.h>

#include "tests/game/sim/sim_support.h"
#include "tests/support/death_test.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

TEST_CASE("a new world is at tick 0 in warmup, empty") {
  const World world = makeWorld(mapOf(openRoom(5, 5)), SimConfig{}, 1);
  CHECK(world.tick == 0);
  CHECK(world.match.phase == MatchPhase::Warmup);
  CHECK(playerCount(world) == 0);
  CHECK(world.projectiles.empty());
}

TEST_CASE("a player added between steps spawns on the next one") {
  World world = makeWorld(mapOf(openRoom(5, 5)), SimConfig{}, 1);
  addPlayer(world, 63);
  CHECK(playerCount(world) == 1);
  CHECK_FALSE(playerOf(world, 63).alive);
  const Events events = stepIdle(world, 1);
  CHECK(countOf<PlayerSpawned>(events) == 1);
  CHECK(playerOf(world, 63).alive);
  CHECK(playerOf(world, 63).id == 63);
}

TEST_CASE("a player who leaves takes its rockets along; leaving twice is harmless") {
  World world = worldWith(mapOf(openRoom(10, 5)), 2);
  Input rocket;
  rocket.buttons = kFireRocket;
  rocket.aimY = 1;
  stepWith(world, 1, rocket);
  REQUIRE(world.projectiles.size() == 1);
  removePlayer(world, 1);
  CHECK(world.projectiles.empty());
  CHECK(findPlayer(world, 1) == nullptr);
  removePlayer(world, 1);
  removePlayer(world, 200);
  CHECK(playerCount(world) == 1);
}

TEST_CASE("misuse is refused with a message that names the fix") {
  World world = makeWorld(mapOf(openRoom(5, 5)), SimConfig{}, 1);
  addPlayer(world, 3);
  const auto twice = weft::testing::expectDeath([&] { addPlayer(world, 3); });
  CHECK(twice.aborted);
  CHECK(twice.stderrText.find("that id is playing; removePlayer it first") != std::string::npos);
  const auto outOfRange = weft::testing::expectDeath([&] { addPlayer(world, 64); });
  CHECK(outOfRange.aborted);
  SimConfig bad;
  bad.ticksPerSecond = 1;
  const auto badConfig =
      weft::testing::expectDeath([&] { (void)makeWorld(mapOf(openRoom(5, 5)), bad, 1); });
  CHECK(badConfig.aborted);
  CHECK(badConfig.stderrText.find("show validate(config)") != std::string::npos);
}

TEST_CASE("worlds on equal maps are equal, whichever Map object they share") {
  const World a = makeWorld(mapOf(openRoom(5, 5)), SimConfig{}, 1);
  const World b = makeWorld(mapOf(openRoom(5, 5)), SimConfig{}, 1);
  CHECK(a.map.pointer() != b.map.pointer());
  CHECK(a == b);
  const World c = makeWorld(mapOf(openRoom(5, 6)), SimConfig{}, 1);
  CHECK(a != c);
}
