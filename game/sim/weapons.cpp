#include "game/sim/weapons.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "game/sim/raycast.h"
#include "game/sim/world.h"

namespace weft::game::sim {
namespace {

struct Target {
  PlayerId id = kNoPlayer;
  Coord distance = 0;
};

// The nearest living player (not `ignore`) that the segment touches, with circles of
// `radius` at `positions`; ties go to the lower id.
template <typename PositionOf>
std::optional<Target> firstPlayerOnSegment(const World& world, Vec from, Vec to, Coord radius,
                                           PlayerId ignore, PositionOf positionOf) {
  std::optional<Target> best;
  for (const auto& slot : world.players) {
    if (!slot || !slot->alive || slot->id == ignore) continue;
    const std::optional<Vec> centre = positionOf(*slot);
    if (!centre) continue;
    const std::optional<Coord> entry = segmentCircleEntry(from, to, *centre, radius);
    if (entry && (!best || *entry < best->distance)) best = Target{slot->id, *entry};
  }
  return best;
}

Vec aimOf(const Player& player) {
  return {player.aimX, player.aimY};
}

// The laser from `shooter` against the others as they were at the tick it saw.
std::optional<Target> traceLaser(const World& world, const Player& shooter, Tick viewTick,
                                 Vec& beamEnd) {
  const Tick now = world.tick;
  const Vec from = shooter.position;
  const Vec reach = from + withLength(aimOf(shooter), world.tuning.laserRange);
  const std::optional<WallHit> wall = firstWallHit(*world.map, from, reach);
  beamEnd = wall ? wall->point : reach;
  const Tick seen = std::clamp(viewTick, now - world.tuning.maxRewindTicks, now);
  const RewindFrame* frame = world.history.find(seen);
  if (!frame) frame = world.history.find(now);  // younger than the rewind: as they are now
  const std::optional<Target> target =
      firstPlayerOnSegment(world, from, beamEnd, world.tuning.playerRadius, shooter.id,
                           [frame](const Player& p) -> std::optional<Vec> {
                             if (!frame) return p.position;
                             if (!frame->wasAlive(p.id)) return std::nullopt;
                             return frame->positions[p.id];
                           });
  if (target) beamEnd = pointAlong(from, beamEnd, target->distance);
  return target;
}

void explode(World& world, const Projectile& rocket, Vec blast, PlayerId directVictim,
             Events& events) {
  events.push_back(RocketExploded{rocket.id, rocket.owner, blast});
  const Tuning& t = world.tuning;
  if (directVictim != kNoPlayer) {
    damagePlayer(world, directVictim, rocket.owner, Weapon::Rocket, t.rocketDamage, events);
  }
  if (t.rocketSplashRadius == 0 || t.rocketSplashDamage == 0) return;
  for (PlayerId id = 0; id < kMaxPlayers; ++id) {
    const Player* player = findPlayer(world, id);
    if (!player || !player->alive || id == directVictim) continue;
    const Coord edge = std::max<Coord>(0, length(player->position - blast) - t.playerRadius);
    if (edge >= t.rocketSplashRadius) continue;
    if (!lineOfSight(*world.map, blast, player->position)) continue;  // walls shield
    const auto damage = static_cast<std::int32_t>(
        std::int64_t{t.rocketSplashDamage} * (t.rocketSplashRadius - edge) / t.rocketSplashRadius);
    damagePlayer(world, id, rocket.owner, Weapon::Rocket, damage, events);
  }
}

}  // namespace

void fireWeapons(World& world, const TickInputs& inputs, Events& events) {
  const Tick now = world.tick;
  const Tuning& t = world.tuning;
  struct LaserHit {
    PlayerId shooter;
    PlayerId victim;
  };
  std::vector<LaserHit> laserHits;
  for (auto& slot : world.players) {
    if (!slot || !slot->alive) continue;
    Player& player = *slot;
    const Input& input = inputs[player.id];
    if (input.buttons & kFireLaser) {
      if (now < player.laserReadyTick) continue;
      player.laserReadyTick = now + t.laserCooldownTicks;
      Vec beamEnd;
      const std::optional<Target> target = traceLaser(world, player, input.viewTick, beamEnd);
      events.push_back(LaserFired{player.id, player.position, beamEnd});
      if (target) laserHits.push_back({player.id, target->id});
    } else if ((input.buttons & kFireRocket) && now >= player.rocketReadyTick) {
      player.rocketReadyTick = now + t.rocketCooldownTicks;
      world.projectiles.push_back(Projectile{world.nextProjectileId++, player.id, player.position,
                                             withLength(aimOf(player), t.rocketSpeed),
                                             now + t.rocketLifetimeTicks});
    }
  }
  for (const LaserHit& hit : laserHits) {
    damagePlayer(world, hit.victim, hit.shooter, Weapon::Laser, t.laserDamage, events);
  }
}

void advanceRockets(World& world, Events& events) {
  const Tuning& t = world.tuning;
  std::vector<Projectile> flying = std::move(world.projectiles);
  world.projectiles.clear();
  for (Projectile& rocket : flying) {
    const Vec from = rocket.position;
    const Vec to = from + rocket.velocity;
    const std::optional<WallHit> wall = firstWallHit(*world.map, from, to);
    const Vec end = wall ? wall->point : to;
    const std::optional<Target> victim =
        firstPlayerOnSegment(world, from, end, t.playerRadius + t.rocketRadius, rocket.owner,
                             [](const Player& p) -> std::optional<Vec> { return p.position; });
    if (victim) {
      explode(world, rocket, pointAlong(from, end, victim->distance), victim->id, events);
    } else if (wall) {
      explode(world, rocket, wall->point, kNoPlayer, events);
    } else if (world.tick >= rocket.explodeTick) {
      explode(world, rocket, to, kNoPlayer, events);
    } else {
      rocket.position = to;
      world.projectiles.push_back(rocket);
    }
  }
}

void damagePlayer(World& world, PlayerId victim, PlayerId attacker, Weapon weapon,
                  std::int32_t amount, Events& events) {
  Player* player = findPlayer(world, victim);
  if (!player || !player->alive || amount <= 0) return;
  player->health -= amount;
  events.push_back(PlayerHit{attacker, victim, weapon, amount});
  if (player->health > 0) return;
  player->health = 0;
  player->alive = false;
  player->velocity = {};
  player->respawnTick = world.tick + world.tuning.respawnTicks;
  ++player->deaths;
  Player* killer = findPlayer(world, attacker);
  if (killer && attacker != victim) ++killer->score;
  events.push_back(PlayerKilled{attacker, victim, weapon});
}

}  // namespace weft::game::sim
