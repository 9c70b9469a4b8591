// The simulation's units: positions in 1/1024 tile, velocities in those per tick, time in ticks.
// Tests: tests/game/sim/vec_test.cpp, tests/game/sim/config_test.cpp
#pragma once

#include <cstdint>

// Everything `step` computes is an integer in the units below, so a client that replays its
// inputs from a snapshot gets the server's results bit for bit, whatever its compiler or CPU
// (no float, no libm; tests/game/sim/determinism_test.cpp checks the sources for both).
//
// - A position is a Coord: 1/1024 of a tile (kUnitsPerTile). A map is at most 64 tiles a side
//   (kMaxMapTiles) and its outside is wall, so the centre of anything that moves is in
//   [0, 65535] on both axes: a snapshot carries a position exactly in 16 bits per axis.
// - A velocity is in Coords per tick (6 tiles/s at 50 Hz is 123): |v| < 2^15 for every rate the
//   config accepts, so 16 signed bits per axis carry it. The position moves by exactly the
//   velocity each tick; there is no hidden fraction anywhere.
// - Time is the Tick, counted from 0 when the world is made; durations in the state are absolute
//   ticks ("ready at tick T"), not countdowns, so an idle entity's state does not change from
//   one tick to the next and a delta-compressed snapshot of it is empty.
// - Aim is a direction vector of two int16 (any length; (0, 0) keeps the last aim); movement
//   input is two int8 in [-127, 127], a full stick or key is 127.
// Per-second tuning (SimConfig) is converted to these per-tick integers once, by integer
// arithmetic (deriveTuning in game/sim/config.h).
namespace weft::game::sim {

using Coord = std::int32_t;
using Tick = std::int32_t;  // 50 Hz runs 497 days before it wraps

inline constexpr Coord kUnitsPerTile = 1024;
inline constexpr int kMaxMapTiles = 64;  // a side; 64 * 1024 = 65536 = 2^16
inline constexpr int kMaxPlayers = 64;   // player ids are 0..63

using PlayerId = std::uint8_t;
inline constexpr PlayerId kNoPlayer = 0xFF;

// The tile a coordinate lies in: floor division, so -1 is in tile -1 (outside, a wall).
constexpr int tileOf(Coord c) {
  return c >= 0 ? c / kUnitsPerTile : -((-c + kUnitsPerTile - 1) / kUnitsPerTile);
}
constexpr Coord tileCentre(int tile) {
  return tile * kUnitsPerTile + kUnitsPerTile / 2;
}

}  // namespace weft::game::sim
