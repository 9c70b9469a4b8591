// GameLoop: one frame at a time — input, reactor.pump(budget), the fixed-step updates, render
// with alpha, then (without vsync) a frame limiter that sleeps in the reactor instead of
// spinning — recording FrameStats every frame from the reactor's injected clock.
// Tests: tests/engine/loop/game_loop_test.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "engine/frame_stats.h"
#include "engine/loop/fixed_timestep.h"
#include "engine/loop/game.h"
#include "net/core/reactor.h"

namespace weft::engine {

enum class FramePacing : std::uint8_t {
  Vsync,      // presenting waits for the display; the loop itself never waits
  Limit,      // the loop waits for the frame's end, one frameInterval after the previous one's
  Unlimited,  // as fast as it goes: benchmarks, headless tests
};

struct GameLoopConfig {
  FixedTimestepConfig timestep;
  net::Duration pumpBudget = std::chrono::milliseconds(2);  // per frame, > 0
  FramePacing pacing = FramePacing::Vsync;
  net::Duration frameInterval = kDefaultStep;  // with Limit: 60 fps
  // With Limit: times per frame the wait may wake early (a socket became ready, a timer fell
  // due) and serve the network before waiting again; past it the frame ends early, never spins.
  int maxWakeups = 64;
  // How the limiter waits for at most a duration; null: reactor.waitForEvents. Tests advance a
  // ManualClock here.
  std::function<void(net::Duration)> wait;
};

class GameLoop {
 public:
  // `reactor` must outlive the loop; its clock times everything. Asserts a valid config.
  explicit GameLoop(net::Reactor& reactor, GameLoopConfig config = {});
  GameLoop(const GameLoop&) = delete;  // the default wait refers to this loop's reactor
  GameLoop& operator=(const GameLoop&) = delete;

  // Runs one frame of `game`. False when the game's processInput asked to stop.
  bool runFrame(Game& game);
  // Runs frames until the game stops or `maxFrames` ran (0: no limit); returns frames run.
  std::uint64_t run(Game& game, std::uint64_t maxFrames = 0);

  // The last frame run (all zero before the first).
  const FrameStats& lastFrame() const { return last_; }
  std::uint64_t frames() const { return frames_; }
  const FixedTimestep& timestep() const { return timestep_; }
  const GameLoopConfig& config() const { return config_; }

 private:
  void waitForFrameEnd(FrameStats& stats);

  net::Reactor& reactor_;
  net::Clock& clock_;
  GameLoopConfig config_;
  FixedTimestep timestep_;
  FrameStats last_;
  std::uint64_t frames_ = 0;
  bool started_ = false;
  net::TimePoint previousStart_{};
  std::optional<net::TimePoint> lastDeadline_;  // the limiter's previous frame end
};

}  // namespace weft::engine
