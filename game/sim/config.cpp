#include "game/sim/config.h"

#include <algorithm>

#include "game/sim/sim_assert.h"

namespace weft::game::sim {
namespace {

std::string outOfRange(const char* field, std::int64_t value, std::int64_t low, std::int64_t high,
                       const char* unit) {
  return std::string(field) + " is " + std::to_string(value) + unit + "; it must be " +
         std::to_string(low) + ".." + std::to_string(high) + unit;
}

// Rounded to the nearest, halves up; all inputs are non-negative once validated.
std::int64_t roundedDiv(std::int64_t num, std::int64_t den) {
  return (num + den / 2) / den;
}

Coord units(std::int32_t milliTiles) {
  return static_cast<Coord>(roundedDiv(std::int64_t{milliTiles} * kUnitsPerTile, 1000));
}
Coord perTick(std::int32_t milliTilesPerSecond, int tps) {
  return static_cast<Coord>(
      roundedDiv(std::int64_t{milliTilesPerSecond} * kUnitsPerTile, std::int64_t{1000} * tps));
}
Coord perTickSquared(std::int32_t milliTilesPerSecond2, int tps) {
  return static_cast<Coord>(roundedDiv(std::int64_t{milliTilesPerSecond2} * kUnitsPerTile,
                                       std::int64_t{1000} * tps * tps));
}
template <typename Duration>
Tick ticks(Duration duration, int tps) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  return static_cast<Tick>(roundedDiv(std::int64_t{ms} * tps, 1000));
}

Tuning derive(const SimConfig& c) {
  const int tps = c.ticksPerSecond;
  Tuning t;
  t.ticksPerSecond = tps;
  t.playerRadius = units(c.playerRadiusMilliTiles);
  t.maxSpeed = perTick(c.maxSpeedMilliTilesPerSecond, tps);
  t.acceleration = perTickSquared(c.accelerationMilliTilesPerSecond2, tps);
  t.friction = perTickSquared(c.frictionMilliTilesPerSecond2, tps);
  t.health = c.health;
  t.respawnTicks = ticks(c.respawnDelay, tps);
  t.laserCooldownTicks = std::max<Tick>(1, ticks(c.laserCooldown, tps));
  t.laserDamage = c.laserDamage;
  t.laserRange = units(c.laserRangeMilliTiles);
  t.rocketCooldownTicks = std::max<Tick>(1, ticks(c.rocketCooldown, tps));
  t.rocketSpeed = perTick(c.rocketSpeedMilliTilesPerSecond, tps);
  t.rocketLifetimeTicks = std::max<Tick>(1, ticks(c.rocketLifetime, tps));
  t.rocketRadius = units(c.rocketRadiusMilliTiles);
  t.rocketDamage = c.rocketDamage;
  t.rocketSplashDamage = c.rocketSplashDamage;
  t.rocketSplashRadius = units(c.rocketSplashRadiusMilliTiles);
  t.playersToStart = c.playersToStart;
  t.scoreLimit = c.scoreLimit;
  t.timeLimitTicks = ticks(c.timeLimit, tps);
  t.resultsTicks = ticks(c.resultsTime, tps);
  t.maxRewindTicks = ticks(c.maxRewind, tps);
  return t;
}

}  // namespace

std::string validate(const SimConfig& c) {
  struct Check {
    const char* field;
    std::int64_t value;
    std::int64_t low;
    std::int64_t high;
    const char* unit;
  };
  using std::chrono::milliseconds;
  auto ms = [](auto d) { return std::chrono::duration_cast<milliseconds>(d).count(); };
  const Check checks[] = {
      {"ticksPerSecond", c.ticksPerSecond, 10, 240, " Hz"},
      {"playerRadiusMilliTiles", c.playerRadiusMilliTiles, 100, 499, ""},
      {"maxSpeedMilliTilesPerSecond", c.maxSpeedMilliTilesPerSecond, 100, 40000, ""},
      {"accelerationMilliTilesPerSecond2", c.accelerationMilliTilesPerSecond2, 100, 1000000, ""},
      {"frictionMilliTilesPerSecond2", c.frictionMilliTilesPerSecond2, 100, 1000000, ""},
      {"health", c.health, 1, 10000, ""},
      {"respawnDelay", ms(c.respawnDelay), 0, 60000, " ms"},
      {"laserCooldown", ms(c.laserCooldown), 20, 60000, " ms"},
      {"laserDamage", c.laserDamage, 0, 10000, ""},
      {"laserRangeMilliTiles", c.laserRangeMilliTiles, 1000, 91000, ""},
      {"rocketCooldown", ms(c.rocketCooldown), 20, 60000, " ms"},
      {"rocketSpeedMilliTilesPerSecond", c.rocketSpeedMilliTilesPerSecond, 1000, 100000, ""},
      {"rocketLifetime", ms(c.rocketLifetime), 20, 60000, " ms"},
      {"rocketRadiusMilliTiles", c.rocketRadiusMilliTiles, 0, 1000, ""},
      {"rocketDamage", c.rocketDamage, 0, 10000, ""},
      {"rocketSplashDamage", c.rocketSplashDamage, 0, 10000, ""},
      {"rocketSplashRadiusMilliTiles", c.rocketSplashRadiusMilliTiles, 0, 8000, ""},
      {"playersToStart", c.playersToStart, 1, kMaxPlayers, ""},
      {"scoreLimit", c.scoreLimit, 0, 10000, ""},
      {"timeLimit", c.timeLimit.count(), 0, 24 * 3600, " s"},
      {"resultsTime", c.resultsTime.count(), 0, 3600, " s"},
      {"maxRewind", ms(c.maxRewind), 0, 1000, " ms"},
  };
  for (const Check& check : checks) {
    if (check.value < check.low || check.value > check.high) {
      return outOfRange(check.field, check.value, check.low, check.high, check.unit);
    }
  }
  // Every per-tick quantity must survive the rounding, or the rule would silently vanish.
  const Tuning t = derive(c);
  if (t.acceleration < 1 || t.friction < 1) {
    return "acceleration and friction must each be at least 1/1024 tile per tick per tick at " +
           std::to_string(c.ticksPerSecond) + " Hz";
  }
  if (t.scoreLimit == 0 && t.timeLimitTicks == 0) {
    return "scoreLimit and timeLimit are both 0: a match would never end";
  }
  return {};
}

Tuning deriveTuning(const SimConfig& config) {
  WEFT_SIM_ASSERT(
      validate(config).empty(),
      "deriveTuning: the SimConfig is invalid; show validate(config) to whoever set it");
  return derive(config);
}

}  // namespace weft::game::sim
