// WEFT_SIM_ASSERT: programmer misuse of the simulation's API, checked in every build.
// Tests: tests/game/sim/world_test.cpp (adding a player twice)
#pragma once

// game/sim includes nothing of weft's (not net/core/assert.h): its own copy of the same rule.
// Never used on input from outside (a map file, a player's Input): that is a value, not misuse.
namespace weft::game::sim::detail {
[[noreturn]] void assertFailed(const char* expression, const char* message, const char* file,
                               int line);
}  // namespace weft::game::sim::detail

#define WEFT_SIM_ASSERT(condition, message) \
  ((condition)                              \
       ? static_cast<void>(0)               \
       : ::weft::game::sim::detail::assertFailed(#condition, (message), __FILE__, __LINE__))
