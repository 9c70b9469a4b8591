#include "game/sim/raycast.h"

#include <cstdint>

namespace weft::game::sim {
namespace {

int signOf(Coord c) {
  return (c > 0) - (c < 0);
}
std::int64_t magnitude(Coord c) {
  return c < 0 ? -std::int64_t{c} : c;
}

// How far `from` is from the edge of tile `t` that a step of sign `step` leaves through (the
// numerator of the crossing's parameter over |s|); meaningless for step 0.
std::int64_t toEdge(Coord from, int t, int step) {
  return step > 0 ? std::int64_t{t + 1} * kUnitsPerTile - from
                  : from - std::int64_t{t} * kUnitsPerTile;
}

// The point at parameter num/den along from -> from + s, moved back out of `wall` across the
// edges crossed (truncation can leave it exactly on the wall's edge, which floor puts inside).
Vec lastFreePoint(Vec from, Vec s, std::int64_t num, std::int64_t den, TilePos wall, bool crossX,
                  bool crossY) {
  Vec p = from + scaleTowardZero(s, num, den);
  if (crossX) {
    const Coord low = wall.x * kUnitsPerTile;
    if (s.x > 0 && p.x >= low) p.x = low - 1;
    if (s.x < 0 && p.x < low + kUnitsPerTile) p.x = low + kUnitsPerTile;
  }
  if (crossY) {
    const Coord low = wall.y * kUnitsPerTile;
    if (s.y > 0 && p.y >= low) p.y = low - 1;
    if (s.y < 0 && p.y < low + kUnitsPerTile) p.y = low + kUnitsPerTile;
  }
  return p;
}

}  // namespace

std::optional<WallHit> firstWallHit(const Map& map, Vec from, Vec to) {
  TilePos t = tileAt(from);
  if (map.isWall(t)) return WallHit{t, from, 0};
  const Vec s = to - from;
  const int stepX = signOf(s.x);
  const int stepY = signOf(s.y);
  const std::int64_t spanX = magnitude(s.x);
  const std::int64_t spanY = magnitude(s.y);
  // Walk the tiles the segment crosses (Amanatides and Woo), comparing the crossings'
  // parameters edgeX / spanX and edgeY / spanY by cross-multiplying: exact, no division.
  for (;;) {
    if (stepX == 0 && stepY == 0) return std::nullopt;
    const std::int64_t edgeX = stepX != 0 ? toEdge(from.x, t.x, stepX) : 0;
    const std::int64_t edgeY = stepY != 0 ? toEdge(from.y, t.y, stepY) : 0;
    int order;  // < 0: the x edge first, > 0: the y edge, 0: both at once (a corner)
    if (stepY == 0) {
      order = -1;
    } else if (stepX == 0) {
      order = 1;
    } else {
      const std::int64_t diff = edgeX * spanY - edgeY * spanX;
      order = (diff > 0) - (diff < 0);
    }
    const std::int64_t num = order <= 0 ? edgeX : edgeY;
    const std::int64_t den = order <= 0 ? spanX : spanY;
    if (num > den) return std::nullopt;  // the next edge lies beyond `to`
    if (order == 0) {
      // Through a corner: blocked if either side tile is a wall, else on to the diagonal one.
      const TilePos side1{t.x + stepX, t.y};
      const TilePos side2{t.x, t.y + stepY};
      for (TilePos side : {side1, side2}) {
        if (map.isWall(side)) {
          const Vec p = lastFreePoint(from, s, num, den, side, side == side1, side == side2);
          return WallHit{side, p, length(p - from)};
        }
      }
      t = {t.x + stepX, t.y + stepY};
    } else if (order < 0) {
      t.x += stepX;
    } else {
      t.y += stepY;
    }
    if (map.isWall(t)) {
      const Vec p = lastFreePoint(from, s, num, den, t, order <= 0, order >= 0);
      return WallHit{t, p, length(p - from)};
    }
  }
}

std::optional<Coord> segmentCircleEntry(Vec from, Vec to, Vec centre, Coord radius) {
  const Vec toCentre = centre - from;
  const std::int64_t radiusSquared = std::int64_t{radius} * radius;
  if (lengthSquared(toCentre) < radiusSquared) return 0;
  const Vec s = to - from;
  const auto span = static_cast<std::int64_t>(isqrt(lengthSquared(s)));
  if (span == 0) return std::nullopt;
  const std::int64_t along = dot(toCentre, s) / span;  // the centre's projection on the line
  if (along < 0) return std::nullopt;                  // behind the start, which is outside
  const std::int64_t offLine = cross(s, toCentre) / span;
  const std::int64_t offLineSquared = offLine * offLine;
  if (offLineSquared >= radiusSquared) return std::nullopt;
  const auto halfChord =
      static_cast<std::int64_t>(isqrt(static_cast<std::uint64_t>(radiusSquared - offLineSquared)));
  const std::int64_t entry = along - halfChord;
  if (entry > span) return std::nullopt;
  return static_cast<Coord>(entry < 0 ? 0 : entry);
}

Vec pointAlong(Vec from, Vec to, Coord distance) {
  const Vec s = to - from;
  const auto span = static_cast<std::int64_t>(isqrt(lengthSquared(s)));
  if (span == 0) return from;
  return from + scaleTowardZero(s, distance, span);
}

}  // namespace weft::game::sim
