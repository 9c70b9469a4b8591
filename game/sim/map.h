// Map: an arena's static tiles (walls, floor, spawn points), read from a text file by parseMap.
// Tests: tests/game/sim/map_parser_test.cpp, tests/game/sim/raycast_test.cpp
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "game/sim/units.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

enum class Tile : std::uint8_t {
  Floor,  // '.'
  Wall,   // '#': stops players, shots and rockets
  Spawn,  // 'S': floor where players appear
  Decor,  // '~': floor drawn differently (sand, grass); plays like floor
};

struct TilePos {
  int x = 0;
  int y = 0;
  friend constexpr bool operator==(TilePos, TilePos) = default;
};

constexpr TilePos tileAt(Vec p) {
  return {tileOf(p.x), tileOf(p.y)};
}
constexpr Vec centreOf(TilePos t) {
  return {tileCentre(t.x), tileCentre(t.y)};
}

// Immutable once made; worlds share one through a shared_ptr<const Map>. Everything outside
// the rows is wall, so a map need not draw its own border (the shipped ones do).
class Map {
 public:
  // `tiles` row by row, width * height of them; parseMap checks the rest (sizes, spawns).
  Map(std::string name, int width, int height, std::vector<Tile> tiles);

  const std::string& name() const { return name_; }
  int width() const { return width_; }
  int height() const { return height_; }

  Tile at(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) return Tile::Wall;
    return tiles_[static_cast<std::size_t>(y * width_ + x)];
  }
  Tile at(TilePos t) const { return at(t.x, t.y); }
  bool isWall(TilePos t) const { return at(t) == Tile::Wall; }
  bool isWallAt(Vec p) const { return isWall(tileAt(p)); }

  // The spawn tiles in reading order (row by row, left to right): the order ties are listed in.
  const std::vector<TilePos>& spawns() const { return spawns_; }
  const std::vector<Tile>& tiles() const { return tiles_; }

  friend bool operator==(const Map&, const Map&) = default;

 private:
  std::string name_;
  int width_;
  int height_;
  std::vector<Tile> tiles_;
  std::vector<TilePos> spawns_;
};

}  // namespace weft::game::sim
