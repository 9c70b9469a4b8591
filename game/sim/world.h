// World: the whole state of one arena (players, rockets, match, tick), and the calls between steps.
// Tests: tests/game/sim/world_test.cpp, tests/game/sim/match_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "game/sim/config.h"
#include "game/sim/events.h"
#include "game/sim/history.h"
#include "game/sim/map.h"
#include "game/sim/rng.h"
#include "game/sim/units.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

// Every entity is plain, small and comparable with ==, so a snapshot codec can delta-encode it
// field by field against the client's last acknowledged one. Timers are absolute ticks (units.h).
struct Player {
  PlayerId id = kNoPlayer;  // also its index in World::players; stable while it plays
  bool alive = false;
  Vec position;           // its centre; a dead player's is where it died
  Vec velocity;           // Coords per tick
  std::int16_t aimX = 1;  // the last non-zero Input aim
  std::int16_t aimY = 0;
  std::int32_t health = 0;
  Tick respawnTick = 0;     // while dead: the first tick it may be back
  Tick laserReadyTick = 0;  // the first tick its laser may fire again
  Tick rocketReadyTick = 0;
  std::int32_t score = 0;  // kills this match (a suicide scores nothing, and costs nothing)
  std::int32_t deaths = 0;

  friend bool operator==(const Player&, const Player&) = default;
};

struct Projectile {
  std::uint32_t id = 0;  // from World::nextProjectileId: never reused within a world
  PlayerId owner = kNoPlayer;
  Vec position;
  Vec velocity;          // Coords per tick
  Tick explodeTick = 0;  // the end of its lifetime, where it explodes if it met nothing

  friend bool operator==(const Projectile&, const Projectile&) = default;
};

struct MatchState {
  MatchPhase phase = MatchPhase::Warmup;
  Tick phaseStartTick = 0;  // the tick the phase began; its timers run from here

  friend bool operator==(const MatchState&, const MatchState&) = default;
};

// The world's map: one immutable Map shared by every copy of the world, compared by content.
class SharedMap {
 public:
  SharedMap() = default;
  explicit SharedMap(std::shared_ptr<const Map> map) : map_(std::move(map)) {}
  const Map& operator*() const { return *map_; }
  const Map* operator->() const { return map_.get(); }
  const std::shared_ptr<const Map>& pointer() const { return map_; }
  friend bool operator==(const SharedMap& a, const SharedMap& b) {
    return a.map_ == b.map_ || (a.map_ && b.map_ && *a.map_ == *b.map_);
  }

 private:
  std::shared_ptr<const Map> map_;
};

// A value: copy it to predict (the client replays its own inputs through step on a copy), and
// compare or checksum it to test determinism. Change it only through step and the calls below.
struct World {
  SharedMap map;
  Tuning tuning;
  Tick tick = 0;  // ticks stepped since makeWorld
  MatchState match;
  std::array<std::optional<Player>, kMaxPlayers> players;  // by PlayerId
  std::vector<Projectile> projectiles;                     // in id order
  std::uint32_t nextProjectileId = 1;
  Rng rng;  // spawn points' tie-breaks; seeded by makeWorld
  PositionHistory history;

  friend bool operator==(const World&, const World&) = default;
};

// A world on `map` at tick 0 in warmup, with no players. Asserts validate(config) is empty.
World makeWorld(std::shared_ptr<const Map> map, const SimConfig& config, std::uint64_t seed);

// Joins a player between steps: it spawns on the next step (PlayerSpawned), scoring from zero.
// Asserts `id` < kMaxPlayers and is free: the server hands ids out.
void addPlayer(World& world, PlayerId id);
// The player and its rockets leave; nothing happens when `id` is not playing.
void removePlayer(World& world, PlayerId id);
// After MatchPhase::NextMap: the same players on `map`, scores zeroed, back in warmup; they
// spawn on the next step (which also starts the match if enough are in).
void resetForNextMap(World& world, std::shared_ptr<const Map> map);

int playerCount(const World& world);
inline Player* findPlayer(World& world, PlayerId id) {
  return id < kMaxPlayers && world.players[id] ? &*world.players[id] : nullptr;
}
inline const Player* findPlayer(const World& world, PlayerId id) {
  return id < kMaxPlayers && world.players[id] ? &*world.players[id] : nullptr;
}

}  // namespace weft::game::sim
