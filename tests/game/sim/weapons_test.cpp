#include "game/sim/weapons.h"

#include <doctest/doctest.h>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;
using namespace std::chrono_literals;

namespace {

constexpr Coord T = kUnitsPerTile;

Input firing(std::uint8_t buttons, std::int16_t aimX, std::int16_t aimY) {
  Input input;
  input.buttons = buttons;
  input.aimX = aimX;
  input.aimY = aimY;
  return input;
}

// Two players in a 20 x 5 room, the match on; 0 at (2, 3) and 1 at (10, 3), facing each other.
World duel(const SimConfig& config = {}) {
  World world = worldWith(mapOf(openRoom(20, 5)), 2, config);
  REQUIRE(world.match.phase == MatchPhase::Playing);
  place(world, 0, 2, 3);
  place(world, 1, 10, 3);
  return world;
}

Events stepBoth(World& world, const Input& zero, const Input& one) {
  TickInputs inputs{};
  inputs[0] = zero;
  inputs[1] = one;
  return step(world, inputs);
}

}  // namespace

TEST_CASE("a laser hits the player it points at, to the edge of its body") {
  World world = duel();
  const Events events = stepWith(world, 0, firing(kFireLaser, 1, 0));
  const LaserFired* beam = firstOf<LaserFired>(events);
  REQUIRE(beam);
  CHECK(beam->shooter == 0);
  CHECK(beam->from == centreOf({2, 3}));
  CHECK(beam->to.x == centreOf({10, 3}).x - world.tuning.playerRadius);
  const PlayerHit* hit = firstOf<PlayerHit>(events);
  REQUIRE(hit);
  CHECK(*hit == PlayerHit{0, 1, Weapon::Laser, 34});
  CHECK(playerOf(world, 1).health == 66);
}

TEST_CASE("a laser aimed past a player misses, and ends at the wall") {
  World world = duel();
  const Events events = stepWith(world, 0, firing(kFireLaser, 1, -1));
  CHECK(countOf<PlayerHit>(events) == 0);
  const LaserFired* beam = firstOf<LaserFired>(events);
  REQUIRE(beam);
  CHECK(beam->to.y == T);  // the top wall's lower face
  CHECK(playerOf(world, 1).health == 100);
}

TEST_CASE("a wall between stops the laser") {
  World world = worldWith(mapOf("############\n"
                                "#S.........#\n"
                                "#....#.....#\n"
                                "#.........S#\n"
                                "############\n"),
                          2);
  place(world, 0, 2, 2);
  place(world, 1, 9, 2);
  const Events events = stepWith(world, 0, firing(kFireLaser, 1, 0));
  CHECK(countOf<PlayerHit>(events) == 0);
  CHECK(firstOf<LaserFired>(events)->to.x == 5 * T - 1);
}

TEST_CASE("a laser hits the nearest of two players in its line, not both") {
  World world = worldWith(mapOf(openRoom(20, 5)), 3);
  place(world, 0, 2, 3);
  place(world, 1, 12, 3);
  place(world, 2, 6, 3);
  const Events events = stepWith(world, 0, firing(kFireLaser, 1, 0));
  REQUIRE(countOf<PlayerHit>(events) == 1);
  CHECK(firstOf<PlayerHit>(events)->victim == 2);
}

TEST_CASE("the sim enforces the cooldowns: a trigger held every tick fires at the weapon's rate") {
  World world = duel();
  place(world, 1, 2, 1);  // out of the line of fire
  int lasers = 0;
  for (int i = 0; i < 5 * 50; ++i) {
    lasers += countOf<LaserFired>(stepWith(world, 0, firing(kFireLaser, 1, 0)));
  }
  CHECK(lasers == 10);  // every 0.5 s for 5 s
  const std::uint32_t firstRocket = world.nextProjectileId;
  for (int i = 0; i < 5 * 50; ++i) stepWith(world, 0, firing(kFireRocket, 1, 0));
  CHECK(world.nextProjectileId - firstRocket == 5);  // every second
}

TEST_CASE("holding both triggers fires the laser only") {
  World world = duel();
  stepWith(world, 0, firing(kFireLaser | kFireRocket, 0, 1));
  CHECK(world.projectiles.empty());
  CHECK(playerOf(world, 0).laserReadyTick == world.tick + 25);
}

TEST_CASE("a rocket flies straight at its speed from the shooter's centre") {
  World world = duel();
  place(world, 1, 2, 1);
  stepWith(world, 0, firing(kFireRocket, 1, 0));
  REQUIRE(world.projectiles.size() == 1);
  const Projectile rocket = world.projectiles[0];
  CHECK(rocket.owner == 0);
  CHECK(rocket.position == centreOf({2, 3}));
  CHECK(rocket.velocity == Vec{world.tuning.rocketSpeed, 0});
  stepIdle(world, 10);
  REQUIRE(world.projectiles.size() == 1);
  CHECK(world.projectiles[0].position == rocket.position + Vec{10 * rocket.velocity.x, 0});
}

TEST_CASE("a rocket that hits a player deals its direct damage there and explodes") {
  World world = duel();
  stepWith(world, 0, firing(kFireRocket, 1, 0));
  Events events;
  for (int i = 0; i < 40 && !world.projectiles.empty(); ++i) events = stepIdle(world, 1);
  CHECK(world.projectiles.empty());
  const RocketExploded* blast = firstOf<RocketExploded>(events);
  REQUIRE(blast);
  CHECK(blast->owner == 0);
  const Coord touch = centreOf({10, 3}).x - world.tuning.playerRadius - world.tuning.rocketRadius;
  CHECK(blast->position == Vec{touch, centreOf({0, 3}).y});
  CHECK(countOf<PlayerHit>(events) == 1);  // the direct hit only: no splash on top of it
  CHECK(playerOf(world, 1).health == 60);
}

TEST_CASE("a rocket explodes on the first wall, and its splash hurts players near it") {
  World world = duel();
  place(world, 1, 19, 2);  // near the right wall, above the rocket's line
  stepWith(world, 0, firing(kFireRocket, 1, 0));
  Events events;
  for (int i = 0; i < 80 && !world.projectiles.empty(); ++i) events = stepIdle(world, 1);
  const RocketExploded* blast = firstOf<RocketExploded>(events);
  REQUIRE(blast);
  CHECK(blast->position.x == 20 * T + T - 1);  // just before the border at column 21
  CHECK_FALSE(world.map->isWallAt(blast->position));
  const PlayerHit* splash = firstOf<PlayerHit>(events);
  REQUIRE(splash);
  CHECK(splash->victim == 1);
  CHECK(splash->damage > 0);
  CHECK(splash->damage < world.tuning.rocketSplashDamage);
}

TEST_CASE("a wall shields from splash") {
  World world = worldWith(mapOf("##########\n"
                                "#S...#...#\n"
                                "#....#..S#\n"
                                "#........#\n"
                                "##########\n"),
                          2);
  place(world, 0, 2, 1);
  place(world, 1, 6, 1);  // right behind the wall the rocket hits
  stepWith(world, 0, firing(kFireRocket, 1, 0));
  const Events events = stepIdle(world, 20);
  CHECK(countOf<RocketExploded>(events) == 1);
  CHECK(countOf<PlayerHit>(events) == 0);
}

TEST_CASE("a rocket that meets nothing explodes at the end of its lifetime") {
  SimConfig config;
  config.rocketLifetime = 200ms;  // 10 ticks
  World world = duel(config);
  place(world, 1, 2, 1);
  stepWith(world, 0, firing(kFireRocket, 1, 0));
  const Vec start = world.projectiles.at(0).position;
  const Events events = stepIdle(world, 10);
  CHECK(world.projectiles.empty());
  const RocketExploded* blast = firstOf<RocketExploded>(events);
  REQUIRE(blast);
  CHECK(blast->position == start + Vec{10 * world.tuning.rocketSpeed, 0});
}

TEST_CASE("three laser hits kill: the killer scores, the victim respawns 2 s later") {
  World world = duel();
  Events events;
  for (int i = 0; i < 51; ++i) events = stepWith(world, 0, firing(kFireLaser, 1, 0));
  // Shots at the first tick, +25 and +50: the third kills.
  const PlayerKilled* kill = firstOf<PlayerKilled>(events);
  REQUIRE(kill);
  CHECK(*kill == PlayerKilled{0, 1, Weapon::Laser});
  const Player& victim = playerOf(world, 1);
  CHECK_FALSE(victim.alive);
  CHECK(victim.health == 0);
  CHECK(victim.deaths == 1);
  CHECK(playerOf(world, 0).score == 1);
  const Tick diedAt = world.tick;
  CHECK(victim.respawnTick == diedAt + 100);

  CHECK(countOf<PlayerSpawned>(stepIdle(world, 99)) == 0);
  const Events back = stepIdle(world, 1);
  REQUIRE(countOf<PlayerSpawned>(back) == 1);
  CHECK(world.tick == diedAt + 100);
  CHECK(playerOf(world, 1).alive);
  CHECK(playerOf(world, 1).health == 100);
}

TEST_CASE("the dead neither move nor shoot, and cannot be hit") {
  World world = duel();
  Player& one = playerOf(world, 1);
  one.health = 1;
  stepWith(world, 0, firing(kFireLaser, 1, 0));
  REQUIRE_FALSE(one.alive);
  const Vec where = one.position;
  Input run = firing(kFireLaser, -1, 0);
  run.moveX = 127;
  for (int i = 0; i < 30; ++i) {
    const Events events = stepBoth(world, firing(kFireLaser, 1, 0), run);
    for (const Event& e : events) {
      if (const auto* beam = std::get_if<LaserFired>(&e)) CHECK(beam->shooter == 0);
    }
    CHECK(countOf<PlayerHit>(events) == 0);
  }
  CHECK(playerOf(world, 1).position == where);
}

TEST_CASE("two players who shoot each other in the same tick both hit: low ids have no edge") {
  World world = duel();
  playerOf(world, 0).health = 30;
  playerOf(world, 1).health = 30;
  const Events events = stepBoth(world, firing(kFireLaser, 1, 0), firing(kFireLaser, -1, 0));
  CHECK(countOf<PlayerKilled>(events) == 2);
  CHECK(playerOf(world, 0).score == 1);
  CHECK(playerOf(world, 1).score == 1);
}

TEST_CASE("killing oneself with a rocket's splash counts a death and scores nothing") {
  World world = duel();
  place(world, 0, 1, 3);  // against the left wall
  playerOf(world, 0).health = 5;
  stepWith(world, 0, firing(kFireRocket, -1, 0));
  const Events events = stepIdle(world, 3);
  const PlayerKilled* kill = firstOf<PlayerKilled>(events);
  REQUIRE(kill);
  CHECK(*kill == PlayerKilled{0, 0, Weapon::Rocket});
  CHECK(playerOf(world, 0).score == 0);
  CHECK(playerOf(world, 0).deaths == 1);
}
