// SimConfig (the arena's rules per second, for people) and Tuning (the same per tick, for step).
// Tests: tests/game/sim/config_test.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "game/sim/units.h"

namespace weft::game::sim {

// Lengths, speeds and accelerations are in thousandths of a tile (per second, per second
// squared), durations in std::chrono: all integers, so the conversion to ticks below is exact
// integer arithmetic and every machine derives the same Tuning. The defaults: Teeworlds' 50 Hz
// tick, a top-down arena of 30 to 50 tiles a side, three laser hits to kill.
struct SimConfig {
  int ticksPerSecond = 50;  // 10..240

  // Players: circles that accelerate toward the input direction and brake when it is zero.
  std::int32_t playerRadiusMilliTiles = 400;  // under half a tile: one-tile corridors pass
  std::int32_t maxSpeedMilliTilesPerSecond = 6000;
  std::int32_t accelerationMilliTilesPerSecond2 = 60000;  // full speed in 0.1 s
  std::int32_t frictionMilliTilesPerSecond2 = 40000;      // a stop from full speed in 0.15 s
  std::int32_t health = 100;
  std::chrono::milliseconds respawnDelay{2000};

  // The laser: hitscan, to the first wall or player within range.
  std::chrono::milliseconds laserCooldown{500};
  std::int32_t laserDamage = 34;  // three hits kill at 100 health, two do not
  std::int32_t laserRangeMilliTiles = 32000;

  // The rocket: a projectile that explodes on a player or a wall, or vanishes after its lifetime.
  std::chrono::milliseconds rocketCooldown{1000};
  std::int32_t rocketSpeedMilliTilesPerSecond = 15000;  // 2.5 times a running player
  std::chrono::milliseconds rocketLifetime{2000};
  std::int32_t rocketRadiusMilliTiles = 150;
  std::int32_t rocketDamage = 40;        // to the player it hits
  std::int32_t rocketSplashDamage = 20;  // to others (the shooter too) at the blast, 0 at its edge
  std::int32_t rocketSplashRadiusMilliTiles = 1500;

  // The match: warmup until playersToStart are in, then to scoreLimit kills or timeLimit, then
  // resultsTime of results, then MatchPhase::NextMap until the server resets the world.
  int playersToStart = 2;
  int scoreLimit = 10;                  // 0 for none
  std::chrono::seconds timeLimit{300};  // 0 for none
  std::chrono::seconds resultsTime{10};
  std::chrono::milliseconds maxRewind{200};  // how far back hitscan may see others (lag comp)
};

// The empty string when `config` is usable, else one sentence naming the bad field and its range.
std::string validate(const SimConfig& config);

// SimConfig in the simulation's units (game/sim/units.h), rounded to the nearest integer. This is
// what step reads; the server may send it to clients instead of the SimConfig.
struct Tuning {
  int ticksPerSecond = 0;
  Coord playerRadius = 0;
  Coord maxSpeed = 0;      // Coords per tick
  Coord acceleration = 0;  // Coords per tick, per tick
  Coord friction = 0;
  std::int32_t health = 0;
  Tick respawnTicks = 0;
  Tick laserCooldownTicks = 0;
  std::int32_t laserDamage = 0;
  Coord laserRange = 0;
  Tick rocketCooldownTicks = 0;
  Coord rocketSpeed = 0;  // Coords per tick
  Tick rocketLifetimeTicks = 0;
  Coord rocketRadius = 0;
  std::int32_t rocketDamage = 0;
  std::int32_t rocketSplashDamage = 0;
  Coord rocketSplashRadius = 0;
  int playersToStart = 0;
  int scoreLimit = 0;
  Tick timeLimitTicks = 0;  // 0 for none
  Tick resultsTicks = 0;
  Tick maxRewindTicks = 0;

  friend bool operator==(const Tuning&, const Tuning&) = default;
};

// Asserts validate(config) is empty: check it first where the config comes from a person.
Tuning deriveTuning(const SimConfig& config);

}  // namespace weft::game::sim
