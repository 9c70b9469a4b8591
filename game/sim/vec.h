// Vec: a 2D integer vector in Coords, with the integer square root and length clamps step uses.
// Tests: tests/game/sim/vec_test.cpp
#pragma once

#include <cstdint>

#include "game/sim/units.h"

namespace weft::game::sim {

struct Vec {
  Coord x = 0;
  Coord y = 0;

  friend constexpr bool operator==(Vec, Vec) = default;
  friend constexpr Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y}; }
  friend constexpr Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
  constexpr Vec& operator+=(Vec b) { return *this = *this + b; }
  constexpr Vec& operator-=(Vec b) { return *this = *this - b; }
};

// Products in 64 bits: coordinates are below 2^17 in magnitude, so these never overflow.
constexpr std::int64_t dot(Vec a, Vec b) {
  return std::int64_t{a.x} * b.x + std::int64_t{a.y} * b.y;
}
constexpr std::int64_t cross(Vec a, Vec b) {
  return std::int64_t{a.x} * b.y - std::int64_t{a.y} * b.x;
}
constexpr std::int64_t lengthSquared(Vec v) {
  return dot(v, v);
}

// floor(sqrt(n)), exactly, for every n (bit by bit: no float, the same on every machine).
constexpr std::uint64_t isqrt(std::uint64_t n) {
  std::uint64_t root = 0;
  std::uint64_t bit = std::uint64_t{1} << 62;
  while (bit > n) bit >>= 2;
  while (bit != 0) {
    if (n >= root + bit) {
      n -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return root;
}
// ceil(sqrt(n)).
constexpr std::uint64_t isqrtCeil(std::uint64_t n) {
  const std::uint64_t root = isqrt(n);
  return root * root == n ? root : root + 1;
}

constexpr Coord length(Vec v) {
  return static_cast<Coord>(isqrt(lengthSquared(v)));
}

// v * num / den per component, rounded toward zero (so the result is never longer than exact).
constexpr Vec scaleTowardZero(Vec v, std::int64_t num, std::int64_t den) {
  return {static_cast<Coord>(v.x * num / den), static_cast<Coord>(v.y * num / den)};
}

namespace detail {
// v shifted left until its larger component has 20 bits (if it had fewer), with ceil(|that|):
// dividing by the length of a short vector directly would round its direction away.
struct Precise {
  Vec v;
  std::int64_t length;
};
constexpr Precise precise(Vec v) {
  Coord larger = v.x < 0 ? -v.x : v.x;
  larger = larger > (v.y < 0 ? -v.y : v.y) ? larger : (v.y < 0 ? -v.y : v.y);
  while (larger != 0 && larger < (1 << 20)) {
    v = {v.x * 2, v.y * 2};
    larger *= 2;
  }
  return {v, static_cast<std::int64_t>(isqrtCeil(static_cast<std::uint64_t>(lengthSquared(v))))};
}
}  // namespace detail

// v along its own direction at `newLength` (at most: it rounds toward zero, and by at most a
// Coord per axis); zero stays zero. A negative length points the other way.
constexpr Vec withLength(Vec v, Coord newLength) {
  if (v == Vec{}) return {};
  const detail::Precise p = detail::precise(v);
  return scaleTowardZero(p.v, newLength, p.length);
}

// v itself when |v| <= maxLength, else v shortened along its direction to at most maxLength.
constexpr Vec clampLength(Vec v, Coord maxLength) {
  if (lengthSquared(v) <= std::int64_t{maxLength} * maxLength) return v;
  return withLength(v, maxLength);
}

// v * num / den rounded away from zero (at least as long as exact): pushes out of a wall by at
// least the distance asked.
constexpr Vec scaleAwayFromZero(Vec v, std::int64_t num, std::int64_t den) {
  auto away = [&](Coord c) {
    const std::int64_t p = c * num;
    return static_cast<Coord>(p >= 0 ? (p + den - 1) / den : -((-p + den - 1) / den));
  };
  return {away(v.x), away(v.y)};
}

}  // namespace weft::game::sim
