#include "game/sim/vec.h"

#include <doctest/doctest.h>

#include <cstdint>

using namespace weft::game::sim;

TEST_CASE("isqrt is the exact floor of the square root, up to the largest 64-bit numbers") {
  for (std::uint64_t n = 0; n < 20000; ++n) {
    const std::uint64_t r = isqrt(n);
    CHECK(r * r <= n);
    CHECK((r + 1) * (r + 1) > n);
  }
  CHECK(isqrt(UINT64_MAX) == 4294967295u);
  CHECK(isqrt(4294967296ull * 4294967296ull - 1) == 4294967295u);  // 2^64 - 1 again, spelled out
  CHECK(isqrt(std::uint64_t{1} << 62) == std::uint64_t{1} << 31);
  CHECK(isqrtCeil(15) == 4);
  CHECK(isqrtCeil(16) == 4);
  CHECK(isqrtCeil(17) == 5);
}

TEST_CASE("clampLength leaves short vectors alone and never returns one longer than asked") {
  CHECK(clampLength({3, 4}, 5) == Vec{3, 4});
  CHECK(clampLength({30, 40}, 5) == Vec{3, 4});
  for (Coord x = -300; x <= 300; x += 7) {
    for (Coord y = -300; y <= 300; y += 11) {
      const Vec clamped = clampLength({x, y}, 123);
      CHECK(lengthSquared(clamped) <= 123 * 123);
      CHECK(cross(clamped, {x, y}) * cross(clamped, {x, y}) <=
            lengthSquared({x, y}) * 2 * 2);  // along the same line, to rounding
    }
  }
}

TEST_CASE("withLength keeps the direction and scales to the length, rounding toward zero") {
  CHECK(withLength({1, 0}, 1024) == Vec{1024, 0});
  CHECK(withLength({0, -5}, 1024) == Vec{0, -1024});
  CHECK(withLength({1, 1}, 1000) == Vec{707, 707});
  CHECK(withLength({}, 1000) == Vec{});
  CHECK(length(withLength({32767, -32768}, 30000)) <= 30000);
  CHECK(length(withLength({32767, -32768}, 30000)) >= 29998);
}

TEST_CASE("scaleAwayFromZero never falls short: a push out of a wall goes the whole way") {
  CHECK(scaleAwayFromZero({10, -10}, 1, 3) == Vec{4, -4});
  CHECK(scaleAwayFromZero({9, -9}, 1, 3) == Vec{3, -3});
  CHECK(scaleTowardZero({10, -10}, 1, 3) == Vec{3, -3});
}

TEST_CASE("tileOf is floor division, so negative coordinates are outside the map") {
  CHECK(tileOf(0) == 0);
  CHECK(tileOf(1023) == 0);
  CHECK(tileOf(1024) == 1);
  CHECK(tileOf(-1) == -1);
  CHECK(tileOf(-1024) == -1);
  CHECK(tileOf(-1025) == -2);
  CHECK(tileCentre(2) == 2 * 1024 + 512);
}
