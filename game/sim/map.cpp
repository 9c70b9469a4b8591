#include "game/sim/map.h"

#include "game/sim/sim_assert.h"

namespace weft::game::sim {

Map::Map(std::string name, int width, int height, std::vector<Tile> tiles)
    : name_(std::move(name)), width_(width), height_(height), tiles_(std::move(tiles)) {
  WEFT_SIM_ASSERT(width > 0 && height > 0 && width <= kMaxMapTiles && height <= kMaxMapTiles,
                  "Map: each side is 1..kMaxMapTiles tiles; parse maps with parseMap");
  WEFT_SIM_ASSERT(tiles_.size() == static_cast<std::size_t>(width) * height,
                  "Map: tiles must hold width * height entries, row by row");
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      if (at(x, y) == Tile::Spawn) spawns_.push_back({x, y});
    }
  }
}

}  // namespace weft::game::sim
