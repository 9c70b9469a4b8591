// Input: what one player asks of one tick (move, aim, fire, the tick they saw), as the wire has it.
// Tests: tests/game/sim/movement_test.cpp, tests/game/sim/weapons_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include "game/sim/units.h"

namespace weft::game::sim {

inline constexpr std::uint8_t kFireLaser = 1 << 0;
inline constexpr std::uint8_t kFireRocket = 1 << 1;  // the laser wins when both are held

// Every field is already quantized: step reads it exactly as a client sent it, so the client's
// replay of its own inputs is the server's. Any value is safe: step clamps what it must (a
// move of -128 counts as -127), never trusts, never asserts.
struct Input {
  std::int8_t moveX = 0;  // -127..127 each: 127 is a full key or stick; (127, 127) is no
  std::int8_t moveY = 0;  // faster than (127, 0): the target speed's length is capped
  std::int16_t aimX = 0;  // a direction of any length; (0, 0) keeps the previous aim
  std::int16_t aimY = 0;
  std::uint8_t buttons = 0;  // kFireLaser | kFireRocket, held: fires whenever the weapon is ready
  // The tick of the snapshot the shooter's screen showed the others at. A laser shot tests them
  // where they were then, at most Tuning::maxRewindTicks back; later than now means now.
  Tick viewTick = std::numeric_limits<Tick>::max();

  friend constexpr bool operator==(const Input&, const Input&) = default;
};

// One tick's inputs, indexed by PlayerId; a player the server has nothing for gets Input{}
// (stand still, do not fire) or, the server's choice, their previous one repeated.
using TickInputs = std::array<Input, kMaxPlayers>;

}  // namespace weft::game::sim
