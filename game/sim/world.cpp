#include "game/sim/world.h"

#include <algorithm>

#include "game/sim/sim_assert.h"

namespace weft::game::sim {

World makeWorld(std::shared_ptr<const Map> map, const SimConfig& config, std::uint64_t seed) {
  WEFT_SIM_ASSERT(map != nullptr, "makeWorld: needs a map (parseMap or loadMapFile)");
  World world;
  world.map = SharedMap(std::move(map));
  world.tuning = deriveTuning(config);
  world.rng = Rng(seed);
  world.history = PositionHistory(world.tuning.maxRewindTicks + 1);
  return world;
}

void addPlayer(World& world, PlayerId id) {
  WEFT_SIM_ASSERT(id < kMaxPlayers, "addPlayer: player ids are 0..kMaxPlayers-1");
  WEFT_SIM_ASSERT(!world.players[id], "addPlayer: that id is playing; removePlayer it first");
  Player player;
  player.id = id;
  player.respawnTick = world.tick + 1;
  world.players[id] = player;
  world.history.forget(id);
}

void removePlayer(World& world, PlayerId id) {
  if (id >= kMaxPlayers || !world.players[id]) return;
  world.players[id].reset();
  world.history.forget(id);
  std::erase_if(world.projectiles, [id](const Projectile& p) { return p.owner == id; });
}

void resetForNextMap(World& world, std::shared_ptr<const Map> map) {
  WEFT_SIM_ASSERT(map != nullptr, "resetForNextMap: needs a map (parseMap or loadMapFile)");
  world.map = SharedMap(std::move(map));
  world.match = MatchState{MatchPhase::Warmup, world.tick};
  world.projectiles.clear();
  world.history.clear();
  for (auto& slot : world.players) {
    if (!slot) continue;
    const PlayerId id = slot->id;
    *slot = Player{};
    slot->id = id;
    slot->respawnTick = world.tick + 1;
  }
}

int playerCount(const World& world) {
  return static_cast<int>(std::count_if(world.players.begin(), world.players.end(),
                                        [](const auto& slot) { return slot.has_value(); }));
}

}  // namespace weft::game::sim
