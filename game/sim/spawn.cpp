#include "game/sim/spawn.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "game/sim/world.h"

namespace weft::game::sim {

TilePos chooseSpawn(World& world, PlayerId id) {
  const std::vector<TilePos>& spawns = world.map->spawns();
  const std::int64_t apart = 2 * std::int64_t{world.tuning.playerRadius};
  struct Candidate {
    bool free = true;
    std::int64_t nearestEnemySquared = std::numeric_limits<std::int64_t>::max();
  };
  std::vector<Candidate> candidates(spawns.size());
  bool anyFree = false;
  for (std::size_t i = 0; i < spawns.size(); ++i) {
    const Vec centre = centreOf(spawns[i]);
    for (const auto& other : world.players) {
      if (!other || !other->alive || other->id == id) continue;
      const std::int64_t d = lengthSquared(other->position - centre);
      if (d < apart * apart) candidates[i].free = false;
      candidates[i].nearestEnemySquared = std::min(candidates[i].nearestEnemySquared, d);
    }
    anyFree = anyFree || candidates[i].free;
  }
  std::int64_t best = -1;
  std::vector<std::size_t> tied;
  for (std::size_t i = 0; i < spawns.size(); ++i) {
    if (anyFree && !candidates[i].free) continue;
    if (candidates[i].nearestEnemySquared > best) {
      best = candidates[i].nearestEnemySquared;
      tied.clear();
    }
    if (candidates[i].nearestEnemySquared == best) tied.push_back(i);
  }
  const std::size_t pick = tied.size() == 1 ? tied[0] : tied[world.rng.below(tied.size())];
  return spawns[pick];
}

void spawnPlayer(World& world, PlayerId id, Events& events) {
  Player* player = findPlayer(world, id);
  if (!player) return;
  const TilePos spawn = chooseSpawn(world, id);
  player->alive = true;
  player->position = centreOf(spawn);
  player->velocity = {};
  player->health = world.tuning.health;
  player->laserReadyTick = world.tick;
  player->rocketReadyTick = world.tick;
  events.push_back(PlayerSpawned{id, player->position});
}

}  // namespace weft::game::sim
