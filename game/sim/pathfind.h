// findPath: the shortest way on foot between two tiles (breadth-first, 4-connected), for bots.
// Tests: tests/game/sim/bot_test.cpp
#pragma once

#include <vector>

#include "game/sim/map.h"

namespace weft::game::sim {

// The tiles after `from` up to and including `to`, each a step up, down, left or right from
// the one before; empty when `to` is `from`, a wall, or unreachable. Neighbours are tried in a
// fixed order, so the same map gives the same path everywhere. At most 64 * 64 tiles visited.
std::vector<TilePos> findPath(const Map& map, TilePos from, TilePos to);

}  // namespace weft::game::sim
