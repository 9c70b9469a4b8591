// Event: what a step did (spawns, shots, hits, kills, blasts, phases), for the server to broadcast.
// Tests: tests/game/sim/weapons_test.cpp, tests/game/sim/match_test.cpp
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "game/sim/units.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

enum class Weapon : std::uint8_t { Laser, Rocket };

enum class MatchPhase : std::uint8_t {
  Warmup,   // fewer than playersToStart: play freely, nothing counts
  Playing,  // to the score or time limit; kills count
  Results,  // resultsTime of scores on screen; nobody moves or fires
  NextMap,  // results are over: the server loads its next map and calls resetForNextMap
};

struct PlayerSpawned {
  PlayerId player = kNoPlayer;
  Vec position;
  friend bool operator==(const PlayerSpawned&, const PlayerSpawned&) = default;
};
struct LaserFired {  // the beam, for every client to draw (a hit also makes a PlayerHit)
  PlayerId shooter = kNoPlayer;
  Vec from;
  Vec to;  // where it stopped: the player it hit, a wall, or its range
  friend bool operator==(const LaserFired&, const LaserFired&) = default;
};
struct RocketExploded {
  std::uint32_t rocket = 0;  // Projectile::id
  PlayerId owner = kNoPlayer;
  Vec position;
  friend bool operator==(const RocketExploded&, const RocketExploded&) = default;
};
struct PlayerHit {
  PlayerId attacker = kNoPlayer;  // the victim itself for its own rocket's splash
  PlayerId victim = kNoPlayer;
  Weapon weapon = Weapon::Laser;
  std::int32_t damage = 0;
  friend bool operator==(const PlayerHit&, const PlayerHit&) = default;
};
struct PlayerKilled {
  PlayerId killer = kNoPlayer;  // the victim itself for a suicide (which scores nothing)
  PlayerId victim = kNoPlayer;
  Weapon weapon = Weapon::Laser;
  friend bool operator==(const PlayerKilled&, const PlayerKilled&) = default;
};
struct PhaseChanged {
  MatchPhase phase = MatchPhase::Warmup;
  friend bool operator==(const PhaseChanged&, const PhaseChanged&) = default;
};

using Event =
    std::variant<PlayerSpawned, LaserFired, RocketExploded, PlayerHit, PlayerKilled, PhaseChanged>;

// A step's events in the order they happened; all at the world's tick after that step.
using Events = std::vector<Event>;

}  // namespace weft::game::sim
