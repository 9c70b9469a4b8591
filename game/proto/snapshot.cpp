#include "game/proto/snapshot.h"

namespace weft::game::proto {

Snapshot snapshotOf(const sim::World& world) {
  Snapshot s;
  s.tick = world.tick;
  s.match = world.match;
  s.players = world.players;
  s.projectiles = world.projectiles;
  s.nextProjectileId = world.nextProjectileId;
  s.rngState = world.rng.state();
  return s;
}

sim::World rebuildWorld(const Snapshot& snapshot, std::shared_ptr<const sim::Map> map,
                        const sim::SimConfig& config) {
  sim::World world = sim::makeWorld(std::move(map), config, snapshot.rngState);
  world.tick = snapshot.tick;
  world.match = snapshot.match;
  world.players = snapshot.players;
  world.projectiles = snapshot.projectiles;
  world.nextProjectileId = snapshot.nextProjectileId;
  return world;
}

}  // namespace weft::game::proto
