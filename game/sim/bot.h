// botInput: a server-side bot's Input for a tick, a function of the world and its seeded state.
// Tests: tests/game/sim/bot_test.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "game/sim/events.h"
#include "game/sim/input.h"
#include "game/sim/map.h"
#include "game/sim/rng.h"
#include "game/sim/units.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

struct World;

// How good a bot is. The defaults make a bot that hits about half its laser shots at mid range
// and kills other bots steadily: a fair opponent, never an aimbot.
struct BotSkill {
  std::chrono::milliseconds reactionMin{250};  // from first seeing an enemy to the first shot
  std::chrono::milliseconds reactionMax{450};
  std::int32_t aimErrorPerMille = 130;  // aim off by up to this share of the distance, per axis
  std::int32_t aimErrorMinMilliTiles = 250;  // and by at least up to this much, however close
  std::int32_t rocketPercent = 25;           // the chance to pick the rocket when it is in reach
  std::int32_t sightMilliTiles = 22000;      // enemies farther away are not seen, even in the open
};

// Everything a bot remembers between ticks. A value: copy it with the world to replay a match.
struct BotState {
  explicit BotState(std::uint64_t seed = 0, BotSkill botSkill = {}) : rng(seed), skill(botSkill) {}

  Rng rng;
  BotSkill skill;
  PlayerId target = kNoPlayer;  // the enemy it is fighting, while it sees it
  Tick fireAfter = 0;           // the end of its reaction time to `target`
  Vec aimError;                 // added to the target's centre; redrawn every few ticks
  Tick aimErrorUntil = 0;
  Weapon weapon = Weapon::Laser;
  Tick weaponUntil = 0;
  int strafe = 1;  // +1 or -1: which way it circles its target
  Tick strafeUntil = 0;
  std::vector<TilePos> path;  // toward `goal`, when it sees nobody
  std::size_t nextWaypoint = 0;
  TilePos goal;
  Tick replanTick = 0;
  Vec lastPosition;  // where it was at progressTick: not moving while it wants to is stuck
  Tick progressTick = 0;
};

// The bot `id`'s input for the world's next step: toward the nearest living enemy along the
// map (or wandering when there is none), and when it sees one (line of sight through walls,
// within its sight), circling it at mid range, aiming at it with an error drawn from the
// state's Rng and shooting once its reaction time is over, sometimes with the rocket. Reads
// only the world (as the server has it) and its state; Input{} when `id` is dead or absent.
Input botInput(const World& world, PlayerId id, BotState& state);

}  // namespace weft::game::sim
