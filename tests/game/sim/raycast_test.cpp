#include "game/sim/raycast.h"

#include <doctest/doctest.h>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {
constexpr Coord T = kUnitsPerTile;
}

TEST_CASE("a ray in the open hits nothing; one toward a wall stops just before it") {
  const auto map = mapOf(openRoom(8, 3));  // walls at x = 0 and x = 9 tiles
  CHECK_FALSE(firstWallHit(*map, centreOf({2, 2}), centreOf({6, 2})));
  const auto hit = firstWallHit(*map, centreOf({2, 2}), centreOf({12, 2}));
  REQUIRE(hit);
  CHECK(hit->tile == TilePos{9, 2});
  CHECK(hit->point == Vec{9 * T - 1, centreOf({2, 2}).y});
  CHECK_FALSE(map->isWallAt(hit->point));
  CHECK(hit->distance == 9 * T - 1 - centreOf({2, 2}).x);
}

TEST_CASE("rays toward the left and up stop on the wall's far edge, outside it") {
  const auto map = mapOf(openRoom(8, 3));
  const auto left = firstWallHit(*map, centreOf({3, 2}), centreOf({-3, 2}));
  REQUIRE(left);
  CHECK(left->tile == TilePos{0, 2});
  CHECK(left->point.x == T);
  const auto up = firstWallHit(*map, centreOf({3, 2}), centreOf({3, -5}));
  REQUIRE(up);
  CHECK(up->tile == TilePos{3, 0});
  CHECK(up->point.y == T);
}

TEST_CASE("a diagonal ray finds the first wall it enters, exactly, not one skipped at a corner") {
  const auto map = mapOf(
      "######\n"
      "#S...#\n"
      "#..#.#\n"
      "#...S#\n"
      "######\n");
  // From just above-left of the pillar at (3, 2), grazing its top-left corner region.
  const Vec from{2 * T + 100, T + 100};
  const auto hit = firstWallHit(*map, from, from + Vec{3 * T, 3 * T});
  REQUIRE(hit);
  CHECK(hit->tile == TilePos{3, 2});
  CHECK_FALSE(map->isWallAt(hit->point));
}

TEST_CASE("a ray through the exact corner between two diagonal walls is blocked") {
  const auto map = mapOf(
      "######\n"
      "#S.#.#\n"
      "#.#..#\n"
      "#...S#\n"
      "######\n");
  // (2, 2) is a wall and (3, 1) is too: from (2, 1) to (3, 2) passes their shared corner
  // between two floor tiles.
  const Vec corner{3 * T, 2 * T};
  const auto hit = firstWallHit(*map, corner - Vec{300, 300}, corner + Vec{300, 300});
  CHECK(hit);
}

TEST_CASE("a ray that starts inside a wall hits at once") {
  const auto map = mapOf(openRoom(4, 2));
  const auto hit = firstWallHit(*map, {10, 10}, centreOf({2, 1}));
  REQUIRE(hit);
  CHECK(hit->distance == 0);
}

TEST_CASE("lineOfSight is blocked by a wall between and not by one beside the line") {
  const auto map = mapOf(
      "#######\n"
      "#S....#\n"
      "#..#..#\n"
      "#....S#\n"
      "#######\n");
  CHECK_FALSE(lineOfSight(*map, centreOf({1, 2}), centreOf({5, 2})));
  CHECK(lineOfSight(*map, centreOf({1, 1}), centreOf({5, 1})));
  CHECK(lineOfSight(*map, centreOf({1, 3}), centreOf({5, 3})));
}

TEST_CASE("segmentCircleEntry gives where a segment first touches a circle") {
  const Vec from{0, 0};
  const Vec to{10000, 0};
  CHECK(segmentCircleEntry(from, to, {5000, 0}, 400) == 4600);
  CHECK(segmentCircleEntry(from, to, {5000, 300}, 500) == 4600);  // a chord: 5000 - 400
  CHECK_FALSE(segmentCircleEntry(from, to, {5000, 500}, 500));    // grazing is a miss
  CHECK_FALSE(segmentCircleEntry(from, to, {-2000, 0}, 500));     // behind
  CHECK_FALSE(segmentCircleEntry(from, to, {11000, 0}, 500));     // beyond the end
  CHECK(segmentCircleEntry(from, to, {10400, 0}, 500) == 9900);   // the end reaches into it
  CHECK(segmentCircleEntry(from, to, {100, 0}, 500) == 0);        // starts inside
  CHECK(pointAlong(from, to, 4600) == Vec{4600, 0});
}
