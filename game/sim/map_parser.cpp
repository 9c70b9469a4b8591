#include "game/sim/map_parser.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace weft::game::sim {
namespace {

constexpr std::size_t kMaxFileBytes = 64 * 1024;  // 64 rows of 64 tiles fit many times over

MapError errorAt(int line, int column, std::string message) {
  return MapError{{}, line, column, std::move(message)};
}

std::string quoted(char c) {
  if (c >= 0x20 && c < 0x7F) return std::string("'") + c + "'";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X", static_cast<unsigned char>(c));
  return buffer;
}

std::optional<Tile> tileFor(char c) {
  switch (c) {
    case '#':
      return Tile::Wall;
    case '.':
      return Tile::Floor;
    case 'S':
      return Tile::Spawn;
    case '~':
      return Tile::Decor;
    default:
      return std::nullopt;
  }
}

std::string_view trimEnd(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return line;
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(trimEnd(text.substr(0, end)));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// Line 1: map "Name".
Expected<std::string, MapError> parseHeader(std::string_view line) {
  constexpr std::string_view kKey = "map \"";
  const char* const kShape = "the first line must be the map's name: map \"Name\"";
  if (!line.starts_with(kKey)) return errorAt(1, 1, kShape);
  const std::size_t close = line.find('"', kKey.size());
  if (close == std::string_view::npos) {
    return errorAt(1, static_cast<int>(line.size()) + 1, "the map's name has no closing '\"'");
  }
  const std::string_view name = line.substr(kKey.size(), close - kKey.size());
  if (close + 1 != line.size()) {
    return errorAt(1, static_cast<int>(close) + 2, "text after the map's name");
  }
  if (name.empty()) return errorAt(1, static_cast<int>(kKey.size()) + 1, "the map's name is empty");
  if (name.size() > kMaxMapNameLength) {
    return errorAt(
        1, static_cast<int>(kKey.size() + kMaxMapNameLength) + 1,
        "the map's name is longer than " + std::to_string(kMaxMapNameLength) + " characters");
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] < 0x20 || name[i] >= 0x7F) {
      return errorAt(1, static_cast<int>(kKey.size() + i) + 1,
                     "the map's name may hold only printable ASCII, not " + quoted(name[i]));
    }
  }
  return std::string(name);
}

// Every spawn point must be reachable on foot from the first: a walled-in one would strand
// whoever appears there. Moves are 4-connected, as a player cannot squeeze between two walls
// that touch at a corner.
std::optional<TilePos> firstUnreachableSpawn(const Map& map) {
  const auto& spawns = map.spawns();
  std::vector<bool> seen(map.tiles().size(), false);
  auto index = [&](TilePos t) { return static_cast<std::size_t>(t.y * map.width() + t.x); };
  std::vector<TilePos> frontier{spawns.front()};
  seen[index(spawns.front())] = true;
  while (!frontier.empty()) {
    const TilePos t = frontier.back();
    frontier.pop_back();
    for (TilePos next : {TilePos{t.x + 1, t.y}, TilePos{t.x - 1, t.y}, TilePos{t.x, t.y + 1},
                         TilePos{t.x, t.y - 1}}) {
      if (map.isWall(next) || seen[index(next)]) continue;
      seen[index(next)] = true;
      frontier.push_back(next);
    }
  }
  for (TilePos spawn : spawns) {
    if (!seen[index(spawn)]) return spawn;
  }
  return std::nullopt;
}

}  // namespace

std::string MapError::toString() const {
  if (file.empty()) {
    std::string out = "line " + std::to_string(line);
    if (column > 0) out += ", column " + std::to_string(column);
    return out + ": " + message;
  }
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (line > 0 && column > 0) out += ":" + std::to_string(column);
  return out + ": " + message;
}

MapResult parseMap(std::string_view text) {
  if (text.size() > kMaxFileBytes) {
    return errorAt(1, 0,
                   "the file is larger than " + std::to_string(kMaxFileBytes) +
                       " bytes; a map is at most 64 by 64 tiles");
  }
  const std::vector<std::string_view> lines = splitLines(text);
  if (lines.empty()) return errorAt(1, 0, "the file is empty; the first line must be map \"Name\"");
  auto name = parseHeader(lines[0]);
  if (!name) return name.error();

  std::vector<Tile> tiles;
  int width = 0;
  int height = 0;
  int firstRowLine = 0;
  bool rowsEnded = false;  // a blank line after the rows: only blank lines may follow
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int lineNumber = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (line.empty()) {
      rowsEnded = height > 0;
      continue;
    }
    if (rowsEnded) {
      return errorAt(lineNumber, 1,
                     "a row after a blank line; the rows must be together, from line " +
                         std::to_string(firstRowLine));
    }
    if (height == 0 && line[0] >= 'a' && line[0] <= 'z') {
      const std::string_view word = line.substr(0, line.find_first_of(" \t\""));
      return errorAt(lineNumber, 1,
                     "unknown key '" + std::string(word) + "'; the only key is map, on line 1");
    }
    if (height == kMaxMapTiles) {
      return errorAt(lineNumber, 0,
                     "more than " + std::to_string(kMaxMapTiles) +
                         " rows; a map is at most that many tiles high");
    }
    if (line.size() > static_cast<std::size_t>(kMaxMapTiles)) {
      return errorAt(lineNumber, kMaxMapTiles + 1,
                     "the row is " + std::to_string(line.size()) +
                         " tiles wide; a map is at most " + std::to_string(kMaxMapTiles));
    }
    for (std::size_t column = 0; column < line.size(); ++column) {
      const std::optional<Tile> tile = tileFor(line[column]);
      if (!tile) {
        return errorAt(lineNumber, static_cast<int>(column) + 1,
                       "unknown tile " + quoted(line[column]) +
                           "; a tile is '#' wall, '.' floor, 'S' spawn point or '~' decoration");
      }
      tiles.push_back(*tile);
    }
    const int rowWidth = static_cast<int>(line.size());
    if (height == 0) {
      width = rowWidth;
      firstRowLine = lineNumber;
    } else if (rowWidth != width) {
      return errorAt(lineNumber, std::min(rowWidth, width) + 1,
                     "the row is " + std::to_string(rowWidth) + " tiles wide, the first (line " +
                         std::to_string(firstRowLine) + ") " + std::to_string(width) +
                         "; every row must be as wide");
    }
    ++height;
  }
  if (height == 0) {
    return errorAt(static_cast<int>(lines.size()), 0, "no rows of tiles after the map's name");
  }

  Map map(std::move(*name), width, height, std::move(tiles));
  const auto spawnCount = static_cast<int>(map.spawns().size());
  if (spawnCount < kMinSpawns) {
    return errorAt(firstRowLine, 0,
                   "the map has " + std::to_string(spawnCount) + " spawn point" +
                       (spawnCount == 1 ? "" : "s") + " ('S'); it needs at least " +
                       std::to_string(kMinSpawns));
  }
  if (const std::optional<TilePos> stranded = firstUnreachableSpawn(map)) {
    const TilePos first = map.spawns().front();
    return errorAt(firstRowLine + stranded->y, stranded->x + 1,
                   "this spawn point is walled in: no way on foot to the first one (line " +
                       std::to_string(firstRowLine + first.y) + ", column " +
                       std::to_string(first.x + 1) + ")");
  }
  return map;
}

MapResult loadMapFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MapError{path, 0, 0, std::string("cannot open it: ") + std::strerror(errno)};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  MapResult parsed = parseMap(bytes.str());
  if (parsed) return parsed;
  MapError error = parsed.error();
  error.file = path;
  return error;
}

}  // namespace weft::game::sim
