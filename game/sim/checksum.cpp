#include "game/sim/checksum.h"

#include "game/sim/world.h"

namespace weft::game::sim {
namespace {

void addVec(Fnv1a& h, Vec v) {
  h.add32(v.x);
  h.add32(v.y);
}

void addMap(Fnv1a& h, const Map& map) {
  h.addText(map.name());
  h.add32(map.width());
  h.add32(map.height());
  for (Tile tile : map.tiles()) h.add8(static_cast<std::uint8_t>(tile));
}

void addTuning(Fnv1a& h, const Tuning& t) {
  for (std::int32_t v : {t.ticksPerSecond,
                         t.playerRadius,
                         t.maxSpeed,
                         t.acceleration,
                         t.friction,
                         t.health,
                         t.respawnTicks,
                         t.laserCooldownTicks,
                         t.laserDamage,
                         t.laserRange,
                         t.rocketCooldownTicks,
                         t.rocketSpeed,
                         t.rocketLifetimeTicks,
                         t.rocketRadius,
                         t.rocketDamage,
                         t.rocketSplashDamage,
                         t.rocketSplashRadius,
                         t.playersToStart,
                         t.scoreLimit,
                         t.timeLimitTicks,
                         t.resultsTicks,
                         t.maxRewindTicks}) {
    h.add32(v);
  }
}

void addPlayer(Fnv1a& h, const Player& p) {
  h.add8(p.id);
  h.add8(p.alive ? 1 : 0);
  addVec(h, p.position);
  addVec(h, p.velocity);
  h.add16(p.aimX);
  h.add16(p.aimY);
  h.add32(p.health);
  h.add32(p.respawnTick);
  h.add32(p.laserReadyTick);
  h.add32(p.rocketReadyTick);
  h.add32(p.score);
  h.add32(p.deaths);
}

void addProjectile(Fnv1a& h, const Projectile& p) {
  h.addU32(p.id);
  h.add8(p.owner);
  addVec(h, p.position);
  addVec(h, p.velocity);
  h.add32(p.explodeTick);
}

}  // namespace

std::uint64_t checksum(const Map& map) {
  Fnv1a h;
  addMap(h, map);
  return h.value();
}

std::uint64_t checksum(const World& world) {
  Fnv1a h;
  addMap(h, *world.map);
  addTuning(h, world.tuning);
  h.add32(world.tick);
  h.add8(static_cast<std::uint8_t>(world.match.phase));
  h.add32(world.match.phaseStartTick);
  for (const auto& slot : world.players) {
    h.add8(slot ? 1 : 0);
    if (slot) addPlayer(h, *slot);
  }
  h.add64(world.projectiles.size());
  for (const Projectile& p : world.projectiles) addProjectile(h, p);
  h.addU32(world.nextProjectileId);
  h.add64(world.rng.state());
  h.add64(world.history.frames().size());
  for (const RewindFrame& frame : world.history.frames()) {
    h.add32(frame.tick);
    h.add64(frame.alive);
    for (int id = 0; id < kMaxPlayers; ++id) {
      if ((frame.alive >> id) & 1) addVec(h, frame.positions[static_cast<std::size_t>(id)]);
    }
  }
  return h.value();
}

}  // namespace weft::game::sim
