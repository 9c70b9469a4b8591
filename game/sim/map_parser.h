// parseMap / loadMapFile: the arena's text map format, with errors that name the line and column.
// Tests: tests/game/sim/map_parser_test.cpp, tests/fuzz/map_parser_fuzz.cpp
#pragma once

#include <string>
#include <string_view>

#include "game/sim/expected.h"
#include "game/sim/map.h"

namespace weft::game::sim {

// The format (game/README.md has an example):
//   map "Dust"          line 1: the name, 1..32 printable ASCII characters, no '"'
//                       blank lines may follow the header
//   ##########          then the rows, all as wide, 1..64 rows of 1..64 tiles:
//   #S..~..S.#          '#' wall, '.' floor, 'S' spawn point, '~' decorative floor
//   ##########          trailing blanks and \r are ignored; blank lines may end the file
// Outside the rows is wall. A map needs at least kMinSpawns spawn points, each reachable on
// foot from the first (none walled in).
inline constexpr int kMinSpawns = 2;
inline constexpr std::size_t kMaxMapNameLength = 32;

struct MapError {
  std::string file;  // empty for parseMap, the path for loadMapFile
  int line = 0;      // 1-based; every error names one
  int column = 0;    // 1-based; 0 when the error is about the whole line
  std::string message;

  // "maps/dust.txt:3:7: unknown tile 'x' ..." (the file and column only when known).
  std::string toString() const;
};

using MapResult = Expected<Map, MapError>;

MapResult parseMap(std::string_view text);
// Reads and parses the file; an error names the path (and why it could not be read).
MapResult loadMapFile(const std::string& path);

}  // namespace weft::game::sim
