#include "game/sim/bot.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "game/sim/pathfind.h"
#include "game/sim/raycast.h"
#include "game/sim/world.h"

namespace weft::game::sim {
namespace {

constexpr Coord kTile = kUnitsPerTile;

Tick ticksOf(std::chrono::milliseconds ms, int tps) {
  return static_cast<Tick>(ms.count() * tps / 1000);
}
Coord units(std::int32_t milliTiles) {
  return milliTiles * kTile / 1000;
}

// A direction as the largest int8 input along it (length about 127).
Input moveToward(Input input, Vec direction) {
  const Vec move = withLength(direction, 127);
  input.moveX = static_cast<std::int8_t>(std::clamp<Coord>(move.x, -127, 127));
  input.moveY = static_cast<std::int8_t>(std::clamp<Coord>(move.y, -127, 127));
  return input;
}
// An aim along `direction`, scaled into int16 without losing its angle.
void aimAlong(Input& input, Vec direction) {
  if (direction == Vec{}) return;
  const Vec aim = withLength(direction, 30000);
  input.aimX = static_cast<std::int16_t>(aim.x);
  input.aimY = static_cast<std::int16_t>(aim.y);
}

// The nearest living enemy in sight, or kNoPlayer.
PlayerId nearestVisibleEnemy(const World& world, const Player& me, Coord sight) {
  PlayerId best = kNoPlayer;
  std::int64_t bestSquared = std::int64_t{sight} * sight;
  for (const auto& other : world.players) {
    if (!other || !other->alive || other->id == me.id) continue;
    const std::int64_t d = lengthSquared(other->position - me.position);
    if (d >= bestSquared) continue;
    if (!lineOfSight(*world.map, me.position, other->position)) continue;
    best = other->id;
    bestSquared = d;
  }
  return best;
}

const Player* nearestEnemy(const World& world, const Player& me) {
  const Player* best = nullptr;
  std::int64_t bestSquared = std::numeric_limits<std::int64_t>::max();
  for (const auto& other : world.players) {
    if (!other || !other->alive || other->id == me.id) continue;
    const std::int64_t d = lengthSquared(other->position - me.position);
    if (d < bestSquared) {
      best = &*other;
      bestSquared = d;
    }
  }
  return best;
}

TilePos randomFloor(const Map& map, Rng& rng, TilePos fallback) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    const TilePos t{rng.between(0, map.width() - 1), rng.between(0, map.height() - 1)};
    if (!map.isWall(t)) return t;
  }
  return fallback;
}

// A body-wide sight line: both edges of a circle of `radius` moving from -> to are clear.
bool clearPath(const Map& map, Vec from, Vec to, Coord radius) {
  const Vec side = withLength({-(to.y - from.y), to.x - from.x}, radius);
  return lineOfSight(map, from + side, to + side) && lineOfSight(map, from - side, to - side);
}

// Where to walk when it sees nobody: along a path to the nearest enemy, or anywhere.
Vec navigate(const World& world, const Player& me, BotState& state) {
  const Map& map = *world.map;
  const Tick now = world.tick;
  const int tps = world.tuning.ticksPerSecond;
  const TilePos here = tileAt(me.position);
  if (now >= state.replanTick || state.nextWaypoint >= state.path.size()) {
    const Player* enemy = nearestEnemy(world, me);
    state.goal = enemy && !state.rng.chance(1, 8) ? tileAt(enemy->position)
                                                  : randomFloor(map, state.rng, here);
    state.path = findPath(map, here, state.goal);
    state.nextWaypoint = 0;
    state.replanTick = now + tps / 2 + state.rng.between(0, tps / 2);
  }
  if (state.path.empty()) return {};
  // Skip ahead to the farthest of the next few waypoints it can walk to in a straight line.
  for (std::size_t ahead = std::min(state.path.size() - 1, state.nextWaypoint + 4);
       ahead > state.nextWaypoint; --ahead) {
    if (clearPath(map, me.position, centreOf(state.path[ahead]), world.tuning.playerRadius)) {
      state.nextWaypoint = ahead;
      break;
    }
  }
  const Vec waypoint = centreOf(state.path[state.nextWaypoint]);
  if (lengthSquared(waypoint - me.position) < std::int64_t{kTile / 4} * (kTile / 4)) {
    ++state.nextWaypoint;
  }
  return waypoint - me.position;
}

// Circling a visible enemy: sideways, closing in when far and backing off when near, and
// turning the other way when a wall is ahead.
Vec fight(const World& world, const Player& me, const Player& enemy, BotState& state) {
  const Tick now = world.tick;
  const int tps = world.tuning.ticksPerSecond;
  if (now >= state.strafeUntil) {
    state.strafe = state.rng.chance(1, 2) ? 1 : -1;
    state.strafeUntil = now + state.rng.between(tps / 2, tps * 3 / 2);
  }
  const Vec toEnemy = enemy.position - me.position;
  const Coord distance = length(toEnemy);
  const Vec sideways = withLength({-toEnemy.y * state.strafe, toEnemy.x * state.strafe}, kTile);
  Vec radial;
  if (distance > 8 * kTile) radial = withLength(toEnemy, kTile);
  if (distance < 3 * kTile) radial = withLength(toEnemy, -kTile);
  Vec want = sideways + radial;
  const Vec probe = me.position + withLength(want, kTile);
  if (!lineOfSight(*world.map, me.position, probe)) {
    state.strafe = -state.strafe;
    state.strafeUntil = now + tps;
    want = Vec{} - sideways + radial;
  }
  return want;
}

}  // namespace

Input botInput(const World& world, PlayerId id, BotState& state) {
  const Player* me = findPlayer(world, id);
  if (!me || !me->alive) {
    state.target = kNoPlayer;
    state.path.clear();
    return Input{};
  }
  const Tick now = world.tick;
  const int tps = world.tuning.ticksPerSecond;
  const BotSkill& skill = state.skill;
  Input input;
  input.viewTick = now;  // a bot sees the world as it is: nothing to rewind

  const PlayerId seen = nearestVisibleEnemy(world, *me, units(skill.sightMilliTiles));
  if (seen != state.target) {
    state.target = seen;
    state.fireAfter =
        now + state.rng.between(ticksOf(skill.reactionMin, tps), ticksOf(skill.reactionMax, tps));
    state.aimErrorUntil = now;
  }

  Vec want;
  if (const Player* enemy = findPlayer(world, state.target)) {
    const Vec toEnemy = enemy->position - me->position;
    const Coord distance = length(toEnemy);
    if (now >= state.aimErrorUntil) {
      const Coord spread =
          std::max(units(skill.aimErrorMinMilliTiles),
                   static_cast<Coord>(std::int64_t{distance} * skill.aimErrorPerMille / 1000));
      state.aimError = {state.rng.between(-spread, spread), state.rng.between(-spread, spread)};
      state.aimErrorUntil = now + state.rng.between(tps / 8, tps / 3);
    }
    if (now >= state.weaponUntil) {
      const bool inReach = distance < 9 * kTile;
      state.weapon =
          inReach && state.rng.chance(static_cast<std::uint32_t>(skill.rocketPercent), 100)
              ? Weapon::Rocket
              : Weapon::Laser;
      state.weaponUntil = now + tps;
    }
    aimAlong(input, toEnemy + state.aimError);
    if (now >= state.fireAfter)
      input.buttons = state.weapon == Weapon::Laser ? kFireLaser : kFireRocket;
    want = fight(world, *me, *enemy, state);
  } else {
    want = navigate(world, *me, state);
    aimAlong(input, want);
  }

  // Stuck (pressed into a corner, or by another player): go somewhere else.
  if (now - state.progressTick >= tps) {
    if (want != Vec{} &&
        lengthSquared(me->position - state.lastPosition) < std::int64_t{kTile / 4} * (kTile / 4)) {
      state.goal = randomFloor(*world.map, state.rng, tileAt(me->position));
      state.path = findPath(*world.map, tileAt(me->position), state.goal);
      state.nextWaypoint = 0;
      state.replanTick = now + 2 * tps;
      state.strafe = -state.strafe;
    }
    state.lastPosition = me->position;
    state.progressTick = now;
  }
  return moveToward(input, want);
}

}  // namespace weft::game::sim
