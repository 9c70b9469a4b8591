// Game: what the game loop drives each frame — input, fixed-step simulation updates, and
// rendering with the interpolation alpha. No SDL here: the App adapts an SDL game to it, and
// tests drive the loop with a scripted one.
// Tests: tests/engine/loop/game_loop_test.cpp
#pragma once

#include "net/core/clock.h"

namespace weft::engine {

class Game {
 public:
  virtual ~Game() = default;
  // First thing in a frame, before the network is pumped: read input. Returning false ends the
  // loop (the player quit); the frame goes no further.
  virtual bool processInput() { return true; }
  // One fixed step of simulated time; called 0..maxCatchUpSteps times per frame.
  virtual void update(net::Duration step) = 0;
  // Draws the state `alpha` of the way from the previous update to the last one, [0, 1); with
  // vsync this also presents (and waits for the display).
  virtual void render(double alpha) = 0;
};

}  // namespace weft::engine
