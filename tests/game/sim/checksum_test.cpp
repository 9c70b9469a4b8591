#include "game/sim/checksum.h"

#include <doctest/doctest.h>

#include <functional>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {

World busyWorld() {
  World world = worldWith(mapOf(openRoom(20, 5)), 3);
  Input rocket;
  rocket.buttons = kFireRocket;
  rocket.aimX = 1;
  stepWith(world, 0, rocket);
  REQUIRE(world.projectiles.size() == 1);
  return world;
}

}  // namespace

TEST_CASE("a copy has the same checksum; FNV-1a's own reference values hold") {
  const World world = busyWorld();
  const World copy = world;
  CHECK(checksum(copy) == checksum(world));
  Fnv1a empty;
  CHECK(empty.value() == 0xCBF29CE484222325ull);
  Fnv1a a;
  a.add8('a');
  CHECK(a.value() == 0xAF63DC4C8601EC8Cull);  // FNV-1a 64 of "a"
}

TEST_CASE("every field of the world is in the checksum") {
  const World base = busyWorld();
  const std::uint64_t before = checksum(base);
  const std::vector<std::pair<const char*, std::function<void(World&)>>> changes = {
      {"tick", [](World& w) { ++w.tick; }},
      {"phase", [](World& w) { w.match.phase = MatchPhase::Results; }},
      {"phase start", [](World& w) { ++w.match.phaseStartTick; }},
      {"tuning", [](World& w) { ++w.tuning.laserDamage; }},
      {"map", [](World& w) { w.map = SharedMap(mapOf(openRoom(20, 6))); }},
      {"player id slot", [](World& w) { removePlayer(w, 2); }},
      {"alive", [](World& w) { w.players[1]->alive = false; }},
      {"position", [](World& w) { ++w.players[1]->position.x; }},
      {"velocity", [](World& w) { ++w.players[1]->velocity.y; }},
      {"aim", [](World& w) { ++w.players[1]->aimY; }},
      {"health", [](World& w) { --w.players[1]->health; }},
      {"respawn", [](World& w) { ++w.players[1]->respawnTick; }},
      {"laser ready", [](World& w) { ++w.players[1]->laserReadyTick; }},
      {"rocket ready", [](World& w) { ++w.players[1]->rocketReadyTick; }},
      {"score", [](World& w) { ++w.players[1]->score; }},
      {"deaths", [](World& w) { ++w.players[1]->deaths; }},
      {"rocket id", [](World& w) { ++w.projectiles[0].id; }},
      {"rocket owner", [](World& w) { w.projectiles[0].owner = 1; }},
      {"rocket position", [](World& w) { ++w.projectiles[0].position.y; }},
      {"rocket velocity", [](World& w) { ++w.projectiles[0].velocity.x; }},
      {"rocket end", [](World& w) { ++w.projectiles[0].explodeTick; }},
      {"next rocket id", [](World& w) { ++w.nextProjectileId; }},
      {"rng", [](World& w) { w.rng.next(); }},
      {"history", [](World& w) { w.history.forget(0); }},
  };
  for (const auto& entry : changes) {
    const char* what = entry.first;  // not a structured binding: clang 14 cannot capture one
    CAPTURE(what);
    World changed = base;
    entry.second(changed);
    CHECK(changed != base);
    CHECK(checksum(changed) != before);
  }
}
