// FrameStats: how one frame of the game loop spent its time — pumping the network, updating the
// simulation, rendering — recorded every frame for the net graph and the frame-flood benchmark.
// Tests: tests/engine/loop/game_loop_test.cpp
#pragma once

#include <cstdint>

#include "net/core/clock.h"
#include "net/core/reactor.h"

namespace weft::engine {

struct FrameStats {
  std::uint64_t frame = 0;     // counts from 0
  net::TimePoint start{};      // when the frame began (the loop's clock)
  net::Duration frameTime{};   // from this frame's start to the next one's: what the player sees
  net::Duration pumpTime{};    // inside reactor.pump(budget)
  net::Duration updateTime{};  // all fixed-timestep updates this frame
  net::Duration renderTime{};  // drawing the game and the overlays, and presenting
  net::Duration waitTime{};  // the frame limiter waiting for the frame's end (serving the network)
  net::Duration
      longestPump{};     // the longest single reactor.pump this frame, the limiter's included
  int updateSteps = 0;   // fixed steps run (0 when the frame was shorter than one step)
  int droppedSteps = 0;  // steps skipped because catch-up hit its cap (the game slowed down)
  double alpha = 0;      // interpolation between the last two simulation states, [0, 1)
  net::PumpResult pump;  // what the pump did
};

}  // namespace weft::engine
