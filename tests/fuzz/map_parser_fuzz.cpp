// Fuzzes parseMap: no input may crash it; an error names a line of the text and a column within
// that line (or just past its end); a map that parses is within the limits, has its spawn points,
// and parses again from its own rows to an equal map.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "game/sim/map_parser.h"

namespace {

using weft::game::sim::Map;
using weft::game::sim::MapResult;
using weft::game::sim::Tile;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

std::string reprint(const Map& map) {
  std::string text = "map \"" + map.name() + "\"\n";
  for (int y = 0; y < map.height(); ++y) {
    for (int x = 0; x < map.width(); ++x) {
      switch (map.at(x, y)) {
        case Tile::Floor:
          text += '.';
          break;
        case Tile::Wall:
          text += '#';
          break;
        case Tile::Spawn:
          text += 'S';
          break;
        case Tile::Decor:
          text += '~';
          break;
      }
    }
    text += '\n';
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const MapResult parsed = weft::game::sim::parseMap(text);
  if (!parsed) {
    const auto& error = parsed.error();
    check(!error.message.empty());
    check(error.message.find('\n') == std::string::npos);
    // The line it names exists, and the column is within it (or just past its end).
    check(error.line >= 1);
    std::string_view rest = text;
    for (int line = 1; line < error.line; ++line) {
      const std::size_t end = rest.find('\n');
      check(end != std::string_view::npos);
      rest.remove_prefix(end + 1);
    }
    const std::size_t length = std::min(rest.find('\n'), rest.size());
    check(error.column >= 0 && static_cast<std::size_t>(error.column) <= length + 1);
    return 0;
  }
  const Map& map = *parsed;
  check(map.width() >= 1 && map.width() <= weft::game::sim::kMaxMapTiles);
  check(map.height() >= 1 && map.height() <= weft::game::sim::kMaxMapTiles);
  check(static_cast<int>(map.spawns().size()) >= weft::game::sim::kMinSpawns);
  const MapResult again = weft::game::sim::parseMap(reprint(map));
  check(again.ok());
  check(*again == map);
  return 0;
}
