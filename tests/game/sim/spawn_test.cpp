#include "game/sim/spawn.h"

#include <doctest/doctest.h>

#include <set>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {

// Spawns at (1, 1), (5, 1), (9, 1) and (9, 5) in an 11 x 7 room.
const char* const kFourSpawns =
    "###########\n"
    "#S...S...S#\n"
    "#.........#\n"
    "#.........#\n"
    "#.........#\n"
    "#........S#\n"
    "###########\n";

void kill(World& world, PlayerId id) {
  Player& p = playerOf(world, id);
  p.alive = false;
  p.respawnTick = world.tick + 1;
}

}  // namespace

TEST_CASE("a player respawns at the spawn point farthest from its nearest enemy") {
  World world = worldWith(mapOf(kFourSpawns), 3);
  place(world, 1, 1, 2);  // by the spawn at (1, 1)
  place(world, 2, 9, 4);  // by the one at (9, 5)
  kill(world, 0);
  const Events events = stepIdle(world, 1);
  const PlayerSpawned* spawned = firstOf<PlayerSpawned>(events);
  REQUIRE(spawned);
  CHECK(spawned->player == 0);
  // (5, 1) is 4 tiles from player 1, (9, 1) 3 tiles from player 2: the first is farther.
  CHECK(spawned->position == centreOf({5, 1}));
}

TEST_CASE("when every spawn point is taken, the farthest one is used anyway") {
  World world = worldWith(mapOf("#####\n"
                                "#S.S#\n"
                                "#####\n"),
                          3);
  place(world, 1, 1, 1);
  place(world, 2, 3, 1);
  kill(world, 0);
  CHECK(countOf<PlayerSpawned>(stepIdle(world, 1)) == 1);
  CHECK(playerOf(world, 0).alive);
}

TEST_CASE("ties are drawn by the world's seeded Rng: spawns vary between seeds, never per run") {
  std::set<Coord> firstSpawns;
  for (std::uint64_t seed = 1; seed <= 16; ++seed) {
    World world = makeWorld(mapOf(kFourSpawns), SimConfig{}, seed);
    addPlayer(world, 0);
    const Events events = stepIdle(world, 1);  // alone: every spawn ties
    World again = makeWorld(mapOf(kFourSpawns), SimConfig{}, seed);
    addPlayer(again, 0);
    CHECK(stepIdle(again, 1) == events);
    firstSpawns.insert(firstOf<PlayerSpawned>(events)->position.x * 100 +
                       firstOf<PlayerSpawned>(events)->position.y);
  }
  CHECK(firstSpawns.size() >= 3);
}

TEST_CASE("everyone spawning together at a match start spreads out over the spawn points") {
  World world = makeWorld(mapOf(kFourSpawns), SimConfig{}, 3);
  for (PlayerId id = 0; id < 4; ++id) addPlayer(world, id);
  const Events events = stepIdle(world, 1);
  REQUIRE(countOf<PlayerSpawned>(events) == 4);
  std::set<std::pair<Coord, Coord>> places;
  for (const Event& e : events) {
    if (const auto* s = std::get_if<PlayerSpawned>(&e))
      places.insert({s->position.x, s->position.y});
  }
  CHECK(places.size() == 4);
}
