#include "game/sim/pathfind.h"

#include <algorithm>
#include <cstdint>

namespace weft::game::sim {

std::vector<TilePos> findPath(const Map& map, TilePos from, TilePos to) {
  if (from == to || map.isWall(to) || map.isWall(from)) return {};
  const int width = map.width();
  auto index = [width](TilePos t) { return t.y * width + t.x; };
  constexpr std::int32_t kUnseen = -1;
  std::vector<std::int32_t> cameFrom(map.tiles().size(), kUnseen);
  std::vector<TilePos> queue{from};
  queue.reserve(map.tiles().size());
  cameFrom[static_cast<std::size_t>(index(from))] = index(from);
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const TilePos t = queue[head];
    if (t == to) break;
    for (TilePos next : {TilePos{t.x + 1, t.y}, TilePos{t.x - 1, t.y}, TilePos{t.x, t.y + 1},
                         TilePos{t.x, t.y - 1}}) {
      if (map.isWall(next)) continue;  // outside the map is wall too
      std::int32_t& seen = cameFrom[static_cast<std::size_t>(index(next))];
      if (seen != kUnseen) continue;
      seen = index(t);
      queue.push_back(next);
    }
  }
  if (cameFrom[static_cast<std::size_t>(index(to))] == kUnseen) return {};
  std::vector<TilePos> path;
  for (TilePos t = to; t != from;) {
    path.push_back(t);
    const std::int32_t previous = cameFrom[static_cast<std::size_t>(index(t))];
    t = {previous % width, previous / width};
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace weft::game::sim
