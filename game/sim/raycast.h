// Raycasts on the tile grid and against circles, in exact integers: lasers, rockets, sight lines.
// Tests: tests/game/sim/raycast_test.cpp
#pragma once

#include <optional>

#include "game/sim/map.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

struct WallHit {
  TilePos tile;  // the wall tile the segment enters first
  Vec point;     // the last point before it, on the segment: outside every wall (`from` itself,
                 // at distance 0, for a segment that starts in a wall)
  Coord distance = 0;  // from the segment's start to `point`
};

// Where the segment from -> to first enters a wall tile, or nullopt if it stays clear all the
// way (an end exactly on a wall's edge counts as entering, as isWallAt would say). A segment
// through the exact corner between two walls that touch diagonally is blocked: no shot or
// rocket leaks between them. Exact rational comparisons, so no corner is ever skipped.
std::optional<WallHit> firstWallHit(const Map& map, Vec from, Vec to);

inline bool lineOfSight(const Map& map, Vec from, Vec to) {
  return !firstWallHit(map, from, to);
}

// How far along the segment from -> to it first touches the circle (centre, radius): 0 when
// `from` is inside, nullopt when the segment misses it. Exact to a Coord.
std::optional<Coord> segmentCircleEntry(Vec from, Vec to, Vec centre, Coord radius);

// The point `distance` along from -> to (rounded toward `from`).
Vec pointAlong(Vec from, Vec to, Coord distance);

}  // namespace weft::game::sim
