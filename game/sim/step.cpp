#include "game/sim/step.h"

#include "game/sim/movement.h"
#include "game/sim/spawn.h"
#include "game/sim/weapons.h"

namespace weft::game::sim {
namespace {

void enterPhase(World& world, MatchPhase phase, Events& events) {
  world.match = MatchState{phase, world.tick};
  events.push_back(PhaseChanged{phase});
}

// Everyone starts the match from zero, together: all respawn this tick, no rocket survives.
void startMatch(World& world, Events& events) {
  enterPhase(world, MatchPhase::Playing, events);
  world.projectiles.clear();
  for (auto& slot : world.players) {
    if (!slot) continue;
    slot->score = 0;
    slot->deaths = 0;
    slot->alive = false;
    slot->respawnTick = world.tick;
  }
}

void endMatch(World& world, Events& events) {
  enterPhase(world, MatchPhase::Results, events);
  world.projectiles.clear();
  for (auto& slot : world.players) {
    if (slot) slot->velocity = {};
  }
}

void advancePhase(World& world, Events& events) {
  const Tuning& t = world.tuning;
  const Tick elapsed = world.tick - world.match.phaseStartTick;
  const bool enoughPlayers = playerCount(world) >= t.playersToStart;
  switch (world.match.phase) {
    case MatchPhase::Warmup:
      if (enoughPlayers) startMatch(world, events);
      break;
    case MatchPhase::Playing:
      if (!enoughPlayers) {
        enterPhase(world, MatchPhase::Warmup, events);  // nobody left to play against
      } else if (t.timeLimitTicks > 0 && elapsed >= t.timeLimitTicks) {
        endMatch(world, events);
      }
      break;
    case MatchPhase::Results:
      if (elapsed >= t.resultsTicks) enterPhase(world, MatchPhase::NextMap, events);
      break;
    case MatchPhase::NextMap:
      break;
  }
}

void reachScoreLimit(World& world, Events& events) {
  if (world.match.phase != MatchPhase::Playing || world.tuning.scoreLimit == 0) return;
  for (const auto& slot : world.players) {
    if (slot && slot->score >= world.tuning.scoreLimit) {
      endMatch(world, events);
      return;
    }
  }
}

void movePlayers(World& world, const TickInputs& inputs) {
  const Map& map = *world.map;
  for (auto& slot : world.players) {
    if (!slot || !slot->alive) continue;
    Player& player = *slot;
    const Input& input = inputs[player.id];
    if (input.aimX != 0 || input.aimY != 0) {
      player.aimX = input.aimX;
      player.aimY = input.aimY;
    }
    player.velocity = steer(player.velocity, input.moveX, input.moveY, world.tuning);
    moveCircle(map, player.position, player.velocity, world.tuning.playerRadius);
  }
  separatePlayers(world);
}

void recordHistory(World& world) {
  RewindFrame& frame = world.history.recordFrame(world.tick);
  for (const auto& slot : world.players) {
    if (!slot || !slot->alive) continue;
    frame.alive |= std::uint64_t{1} << slot->id;
    frame.positions[slot->id] = slot->position;
  }
}

}  // namespace

Events step(World& world, const TickInputs& inputs) {
  Events events;
  ++world.tick;
  advancePhase(world, events);
  const MatchPhase phase = world.match.phase;
  const bool playing = phase == MatchPhase::Warmup || phase == MatchPhase::Playing;
  if (playing) {
    for (auto& slot : world.players) {
      if (slot && !slot->alive && world.tick >= slot->respawnTick) {
        spawnPlayer(world, slot->id, events);
      }
    }
    movePlayers(world, inputs);
  }
  recordHistory(world);
  if (playing) {
    advanceRockets(world, events);
    fireWeapons(world, inputs, events);
    reachScoreLimit(world, events);
  }
  return events;
}

}  // namespace weft::game::sim
