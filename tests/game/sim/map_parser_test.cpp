#include "game/sim/map_parser.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;

namespace {

const char* const kGood =
    "map \"Tiny\"\n"
    "\n"
    "#######\n"
    "#S.~.S#\n"
    "#..#..#\n"
    "#######\n";

MapError errorOf(std::string_view text) {
  MapResult parsed = parseMap(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().line >= 1);  // every parse error names its line
  return parsed.error();
}

}  // namespace

TEST_CASE("a map parses into its name, size, tiles and spawn points in reading order") {
  MapResult parsed = parseMap(kGood);
  REQUIRE(parsed.ok());
  const Map& map = *parsed;
  CHECK(map.name() == "Tiny");
  CHECK(map.width() == 7);
  CHECK(map.height() == 4);
  CHECK(map.at(0, 0) == Tile::Wall);
  CHECK(map.at(1, 1) == Tile::Spawn);
  CHECK(map.at(2, 1) == Tile::Floor);
  CHECK(map.at(3, 1) == Tile::Decor);
  CHECK(map.at(3, 2) == Tile::Wall);
  CHECK(map.spawns() == std::vector<TilePos>{{1, 1}, {5, 1}});
}

TEST_CASE("outside the rows is wall, so a map need not draw its border") {
  MapResult parsed = parseMap("map \"Open\"\nS..S\n");
  REQUIRE(parsed.ok());
  CHECK(parsed->at(-1, 0) == Tile::Wall);
  CHECK(parsed->at(4, 0) == Tile::Wall);
  CHECK(parsed->at(0, 1) == Tile::Wall);
  CHECK(parsed->at(0, 0) == Tile::Spawn);
}

TEST_CASE("Windows line endings, trailing blanks and blank lines at the end are fine") {
  MapResult parsed = parseMap("map \"Crlf\"  \r\n\r\n####\r\n#SS#  \r\n####\r\n\r\n\n");
  REQUIRE(parsed.ok());
  CHECK(parsed->name() == "Crlf");
  CHECK(parsed->width() == 4);
  CHECK(parsed->height() == 3);
}

TEST_CASE("every shipped map parses, is at least 30 tiles wide and has spawns for 16 players") {
  int maps = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(WEFT_SOURCE_DIR) + "/assets/maps")) {
    CAPTURE(entry.path().string());
    MapResult loaded = loadMapFile(entry.path().string());
    REQUIRE_MESSAGE(loaded.ok(), loaded.error().toString());
    CHECK(loaded->width() >= 30);
    CHECK(loaded->width() <= 50);
    CHECK(loaded->spawns().size() >= 8);
    ++maps;
  }
  CHECK(maps >= 2);
}

TEST_CASE("a bad header is an error on line 1") {
  SUBCASE("missing") {
    const MapError e = errorOf("#####\n#S.S#\n#####\n");
    CHECK(e.toString() == "line 1, column 1: the first line must be the map's name: map \"Name\"");
  }
  SUBCASE("empty file") {
    CHECK(errorOf("").line == 1);
  }
  SUBCASE("unterminated name") {
    CHECK(errorOf("map \"Dust\n").message == "the map's name has no closing '\"'");
  }
  SUBCASE("empty name") {
    CHECK(errorOf("map \"\"\nSS\n").message == "the map's name is empty");
  }
  SUBCASE("too long") {
    const MapError e = errorOf("map \"" + std::string(33, 'a') + "\"\nSS\n");
    CHECK(e.message == "the map's name is longer than 32 characters");
    CHECK(e.column == 38);
  }
  SUBCASE("a control character") {
    const MapError e = errorOf("map \"a\x1b[2Jb\"\nSS\n");
    CHECK(e.message == "the map's name may hold only printable ASCII, not byte 0x1B");
    CHECK(e.column == 7);
  }
  SUBCASE("text after the name") {
    CHECK(errorOf("map \"Dust\" big\nSS\n").message == "text after the map's name");
  }
}

TEST_CASE("an unknown tile is named with its line and column") {
  const MapError e = errorOf("map \"X\"\n#####\n#S.S#\n#.x.#\n#####\n");
  CHECK(e.line == 4);
  CHECK(e.column == 3);
  CHECK(e.toString() ==
        "line 4, column 3: unknown tile 'x'; a tile is '#' wall, '.' floor, 'S' "
        "spawn point or '~' decoration");
}

TEST_CASE("a line that looks like a key is told apart from a bad row") {
  const MapError e = errorOf("map \"X\"\nauthor \"me\"\n#SS#\n");
  CHECK(e.line == 2);
  CHECK(e.message == "unknown key 'author'; the only key is map, on line 1");
}

TEST_CASE("ragged rows name the row that differs and the first row's width") {
  const MapError e = errorOf("map \"X\"\n######\n#S..S#\n#...#\n######\n");
  CHECK(e.line == 4);
  CHECK(e.column == 6);
  CHECK(e.message == "the row is 5 tiles wide, the first (line 2) 6; every row must be as wide");
}

TEST_CASE("a map larger than 64 tiles either way is refused at the first tile too many") {
  SUBCASE("too wide") {
    const MapError e = errorOf("map \"X\"\nSS" + std::string(70, '.') + "\n");
    CHECK(e.line == 2);
    CHECK(e.column == 65);
    CHECK(e.message == "the row is 72 tiles wide; a map is at most 64");
  }
  SUBCASE("too high") {
    std::string text = "map \"X\"\nSS\n";
    for (int i = 0; i < 64; ++i) text += "..\n";
    const MapError e = errorOf(text);
    CHECK(e.line == 66);
    CHECK(e.message == "more than 64 rows; a map is at most that many tiles high");
  }
  SUBCASE("a huge file") {
    CHECK(errorOf(std::string(100000, '\n')).line == 1);
  }
}

TEST_CASE("no rows, or rows split by a blank line, are errors") {
  CHECK(errorOf("map \"X\"\n\n").message == "no rows of tiles after the map's name");
  const MapError e = errorOf("map \"X\"\n#SS#\n\n#..#\n");
  CHECK(e.line == 4);
  CHECK(e.message == "a row after a blank line; the rows must be together, from line 2");
}

TEST_CASE("a map needs two spawn points") {
  CHECK(errorOf("map \"X\"\n####\n#..#\n####\n").toString() ==
        "line 2: the map has 0 spawn points ('S'); it needs at least 2");
  CHECK(errorOf("map \"X\"\n####\n#S.#\n####\n").message ==
        "the map has 1 spawn point ('S'); it needs at least 2");
}

TEST_CASE("a walled-in spawn point is named, with the first one it cannot reach") {
  const MapError e = errorOf(
      "map \"X\"\n"
      "#######\n"
      "#S..#S#\n"
      "#...###\n"
      "#######\n");
  CHECK(e.line == 3);
  CHECK(e.column == 6);
  CHECK(e.message ==
        "this spawn point is walled in: no way on foot to the first one (line 3, column 2)");
}

TEST_CASE("two walls touching at a corner wall in a spawn point: players cannot squeeze through") {
  const MapError e = errorOf(
      "map \"X\"\n"
      "S.#\n"
      "##S\n");
  CHECK(e.line == 3);
  CHECK(e.column == 3);
}

TEST_CASE("loadMapFile names the file in every error") {
  const MapResult missing = loadMapFile("/nonexistent/dust.txt");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().toString() ==
        "/nonexistent/dust.txt: cannot open it: No such file or directory");

  const std::string path = std::filesystem::temp_directory_path() / "weft_bad_map.txt";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fputs("map \"X\"\n#SS?\n", f);
    std::fclose(f);
  }
  const MapResult bad = loadMapFile(path);
  std::filesystem::remove(path);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().toString() == path +
                                      ":2:4: unknown tile '?'; a tile is '#' wall, '.' floor, "
                                      "'S' spawn point or '~' decoration");
}
