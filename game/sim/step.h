// step: advances a World by one tick under the players' inputs; the only way state moves on.
// Tests: tests/game/sim/determinism_test.cpp, tests/game/sim/match_test.cpp
#pragma once

#include "game/sim/events.h"
#include "game/sim/input.h"
#include "game/sim/world.h"

namespace weft::game::sim {

// One tick, in this order (each stage sees the ones before it):
//   1. world.tick + 1; the match's phase moves on (warmup starts when playersToStart are in,
//      the time limit ends a match, results end in NextMap); a match's start respawns everyone
//   2. dead players whose respawnTick has come spawn (Warmup and Playing only)
//   3. living players turn to their aim, steer and move (walls), then push each other apart
//   4. everyone's position goes into the history (what a snapshot of this tick shows)
//   5. rockets fly and explode; then triggers fire (lasers against the history)
//   6. the score limit ends a match
// Results and NextMap freeze everyone. A pure function of (world, inputs): integers only, no
// clock, no global state; a copy stepped with the same inputs stays equal, field for field.
// Returns what happened, in order, for the caller to broadcast or show.
Events step(World& world, const TickInputs& inputs);

}  // namespace weft::game::sim
