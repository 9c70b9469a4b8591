#include "game/sim/config.h"

#include <doctest/doctest.h>

using namespace weft::game::sim;
using namespace std::chrono_literals;

TEST_CASE("the default rules become these integers per tick at 50 Hz") {
  const SimConfig config;
  REQUIRE(validate(config).empty());
  const Tuning t = deriveTuning(config);
  CHECK(t.ticksPerSecond == 50);
  CHECK(t.playerRadius == 410);  // 0.4 tile
  CHECK(t.maxSpeed == 123);      // 6 tiles/s: 6 * 1024 / 50 = 122.88
  CHECK(t.acceleration == 25);   // 60 tiles/s²: 60 * 1024 / 2500 = 24.6
  CHECK(t.friction == 16);       // 40 tiles/s²: 16.4
  CHECK(t.respawnTicks == 100);  // 2 s
  CHECK(t.laserCooldownTicks == 25);
  CHECK(t.laserRange == 32768);
  CHECK(t.rocketCooldownTicks == 50);
  CHECK(t.rocketSpeed == 307);  // 15 tiles/s
  CHECK(t.rocketLifetimeTicks == 100);
  CHECK(t.timeLimitTicks == 15000);      // 5 min
  CHECK(t.resultsTicks == 500);          // 10 s
  CHECK(t.maxRewindTicks == 10);         // 200 ms
  CHECK(3 * t.laserDamage >= t.health);  // three laser hits kill
  CHECK(2 * t.laserDamage < t.health);   // two do not
}

TEST_CASE("the per-second rules keep their meaning at another tick rate") {
  SimConfig config;
  config.ticksPerSecond = 100;
  REQUIRE(validate(config).empty());
  const Tuning t = deriveTuning(config);
  CHECK(t.maxSpeed == 61);  // 61.44 per tick, twice as many ticks
  CHECK(t.laserCooldownTicks == 50);
  CHECK(t.respawnTicks == 200);
  CHECK(t.maxRewindTicks == 20);
}

TEST_CASE("validate names the bad field and its range") {
  SimConfig config;
  SUBCASE("tick rate") {
    config.ticksPerSecond = 5;
    CHECK(validate(config) == "ticksPerSecond is 5 Hz; it must be 10..240 Hz");
  }
  SUBCASE("a radius that would not pass a one-tile corridor") {
    config.playerRadiusMilliTiles = 500;
    CHECK(validate(config) == "playerRadiusMilliTiles is 500; it must be 100..499");
  }
  SUBCASE("a duration") {
    config.laserCooldown = 5ms;
    CHECK(validate(config) == "laserCooldown is 5 ms; it must be 20..60000 ms");
  }
  SUBCASE("an acceleration that rounds to nothing") {
    config.ticksPerSecond = 240;
    config.frictionMilliTilesPerSecond2 = 1000;
    CHECK(validate(config).starts_with("acceleration and friction must each be at least"));
  }
  SUBCASE("a match without end") {
    config.scoreLimit = 0;
    config.timeLimit = 0s;
    CHECK(validate(config) == "scoreLimit and timeLimit are both 0: a match would never end");
  }
}
