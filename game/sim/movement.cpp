#include "game/sim/movement.h"

#include <algorithm>
#include <cstdlib>

#include "game/sim/world.h"

namespace weft::game::sim {
namespace {

constexpr int kMaxMove = 127;

Coord clampMove(std::int8_t m) {
  return std::clamp<Coord>(m, -kMaxMove, kMaxMove);
}

}  // namespace

Vec steer(Vec velocity, std::int8_t moveX, std::int8_t moveY, const Tuning& tuning) {
  const Vec move{clampMove(moveX), clampMove(moveY)};
  const bool moving = move.x != 0 || move.y != 0;
  const Vec target = clampLength(scaleTowardZero(move, tuning.maxSpeed, kMaxMove), tuning.maxSpeed);
  const Vec change = clampLength(target - velocity, moving ? tuning.acceleration : tuning.friction);
  return clampLength(velocity + change, tuning.maxSpeed);
}

bool pushOutOfWalls(const Map& map, Vec& position, Vec* velocity, Coord radius) {
  const std::int64_t radiusSquared = std::int64_t{radius} * radius;
  bool movedAtAll = false;
  for (int pass = 0; pass < 4; ++pass) {
    bool moved = false;
    const int top = tileOf(position.y - radius);
    const int bottom = tileOf(position.y + radius);
    const int left = tileOf(position.x - radius);
    const int right = tileOf(position.x + radius);
    for (int ty = top; ty <= bottom; ++ty) {
      for (int tx = left; tx <= right; ++tx) {
        if (!map.isWall({tx, ty})) continue;
        const Vec low{tx * kUnitsPerTile, ty * kUnitsPerTile};
        const Vec high{low.x + kUnitsPerTile, low.y + kUnitsPerTile};
        const Vec nearest{std::clamp(position.x, low.x, high.x),
                          std::clamp(position.y, low.y, high.y)};
        const Vec away = position - nearest;
        const std::int64_t distanceSquared = lengthSquared(away);
        if (distanceSquared >= radiusSquared) continue;
        moved = true;
        if (distanceSquared == 0) {
          // The centre is in the wall (only a teleport or a push by another player gets it
          // there): out through the nearest face, in a fixed order on ties.
          const Coord exits[4] = {position.x - low.x, high.x - position.x, position.y - low.y,
                                  high.y - position.y};
          const int face = static_cast<int>(std::min_element(exits, exits + 4) - exits);
          if (face == 0) position.x = low.x - radius;
          if (face == 1) position.x = high.x + radius;
          if (face == 2) position.y = low.y - radius;
          if (face == 3) position.y = high.y + radius;
          if (velocity && face == 0) velocity->x = std::min(velocity->x, 0);
          if (velocity && face == 1) velocity->x = std::max(velocity->x, 0);
          if (velocity && face == 2) velocity->y = std::min(velocity->y, 0);
          if (velocity && face == 3) velocity->y = std::max(velocity->y, 0);
          continue;
        }
        // Out along the normal to exactly `radius` or a Coord more: dividing by the floor of
        // the distance and rounding away from zero never leaves it short.
        const auto distance = static_cast<std::int64_t>(isqrt(distanceSquared));
        position = nearest + scaleAwayFromZero(away, radius, distance);
        if (velocity) {
          const std::int64_t into = dot(*velocity, away);
          if (into < 0) *velocity -= scaleTowardZero(away, into, distanceSquared);
        }
      }
    }
    if (!moved) break;
    movedAtAll = true;
  }
  return movedAtAll;
}

void moveCircle(const Map& map, Vec& position, Vec& velocity, Coord radius) {
  const Coord maxStep = std::max<Coord>(1, radius / 2);
  const Coord longest = std::max(std::abs(velocity.x), std::abs(velocity.y));
  const int steps = std::max(1, (longest + maxStep - 1) / maxStep);
  for (int i = 0; i < steps; ++i) {
    // This substep's share of what is left of the velocity (walls may have cut it).
    position += scaleTowardZero(velocity, i + 1, steps) - scaleTowardZero(velocity, i, steps);
    pushOutOfWalls(map, position, &velocity, radius);
  }
}

void separatePlayers(World& world) {
  const Map& map = *world.map;
  const Coord radius = world.tuning.playerRadius;
  const Coord apart = 2 * radius;
  const std::int64_t apartSquared = std::int64_t{apart} * apart;
  for (auto& a : world.players) {
    if (!a || !a->alive) continue;
    for (PlayerId j = a->id + 1; j < kMaxPlayers; ++j) {
      auto& b = world.players[j];
      if (!b || !b->alive) continue;
      const Vec between = b->position - a->position;
      const std::int64_t distanceSquared = lengthSquared(between);
      if (distanceSquared >= apartSquared) continue;
      const auto distance = static_cast<std::int64_t>(isqrt(distanceSquared));
      // The whole overlap, along the line between them (on top of each other: the higher id
      // steps to +x); never short, as the distance is rounded down.
      const Vec push =
          distance == 0 ? Vec{apart, 0} : scaleAwayFromZero(between, apart - distance, distance);
      const Vec half = scaleTowardZero(push, 1, 2);
      // Half each; what a wall keeps the first from taking, the second takes.
      const Vec aBefore = a->position;
      a->position -= half;
      pushOutOfWalls(map, a->position, nullptr, radius);
      const Vec aShortfall = half - (aBefore - a->position);
      b->position += push - half + aShortfall;
      pushOutOfWalls(map, b->position, nullptr, radius);
    }
  }
}

}  // namespace weft::game::sim
