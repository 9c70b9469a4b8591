#include "engine/loop/game_loop.h"

#include <algorithm>

#include "net/core/assert.h"

namespace weft::engine {

GameLoop::GameLoop(net::Reactor& reactor, GameLoopConfig config)
    : reactor_(reactor),
      clock_(reactor.clock()),
      config_(std::move(config)),
      timestep_(config_.timestep) {
  WEFT_ASSERT(config_.pumpBudget > net::Duration::zero(),
              "GameLoopConfig::pumpBudget must be positive");
  WEFT_ASSERT(config_.pacing != FramePacing::Limit || config_.frameInterval > net::Duration::zero(),
              "GameLoopConfig::frameInterval must be positive with FramePacing::Limit");
  if (!config_.wait) {
    config_.wait = [this](net::Duration d) { reactor_.waitForEvents(d); };
  }
}

bool GameLoop::runFrame(Game& game) {
  FrameStats stats;
  stats.frame = frames_;
  stats.start = clock_.now();
  // The first frame has no previous one to measure from: it simulates nothing.
  const net::Duration elapsed = started_ ? stats.start - previousStart_ : net::Duration::zero();
  started_ = true;
  previousStart_ = stats.start;
  ++frames_;

  if (!game.processInput()) {
    stats.frameTime = clock_.now() - stats.start;
    last_ = stats;
    return false;
  }

  // The network before the simulation, so this frame's updates see what arrived.
  auto mark = clock_.now();
  stats.pump = reactor_.pump(config_.pumpBudget);
  auto next = clock_.now();
  stats.pumpTime = next - mark;
  stats.longestPump = stats.pumpTime;

  mark = next;
  const TimestepAdvance advance = timestep_.advance(elapsed);
  for (int i = 0; i < advance.steps; ++i) game.update(timestep_.step());
  next = clock_.now();
  stats.updateTime = next - mark;
  stats.updateSteps = advance.steps;
  stats.droppedSteps = advance.dropped;
  stats.alpha = advance.alpha;

  mark = next;
  game.render(advance.alpha);
  next = clock_.now();
  stats.renderTime = next - mark;

  if (config_.pacing == FramePacing::Limit) waitForFrameEnd(stats);
  stats.frameTime = clock_.now() - stats.start;
  last_ = stats;
  return true;
}

void GameLoop::waitForFrameEnd(FrameStats& stats) {
  // Keep the cadence: a wait that woke late (the poller sleeps in whole milliseconds, the OS
  // schedules late) is made up by ending the next frame on time, not an interval after its
  // start. A frame that began past its deadline starts the cadence afresh instead of rushing.
  net::TimePoint deadline = stats.start + config_.frameInterval;
  if (lastDeadline_) {
    const net::TimePoint carried = *lastDeadline_ + config_.frameInterval;
    if (carried > stats.start) deadline = carried;
  }
  lastDeadline_ = deadline;
  const net::TimePoint began = clock_.now();
  for (int wakeup = 0; wakeup <= config_.maxWakeups; ++wakeup) {
    net::TimePoint now = clock_.now();
    if (now >= deadline) break;
    config_.wait(deadline - now);
    now = clock_.now();
    if (now >= deadline) break;
    // Woken early: something is ready. Serving it now keeps the wait from spinning on a socket
    // that stays readable, and spreads a flood's work into the frame's idle time.
    const auto pump = reactor_.pump(std::min(config_.pumpBudget, deadline - now));
    stats.longestPump = std::max(stats.longestPump, clock_.now() - now);
    stats.pump.timersRun += pump.timersRun;
    stats.pump.socketsServed += pump.socketsServed;
  }
  stats.waitTime = clock_.now() - began;
}

std::uint64_t GameLoop::run(Game& game, std::uint64_t maxFrames) {
  std::uint64_t ran = 0;
  while (maxFrames == 0 || ran < maxFrames) {
    ++ran;
    if (!runFrame(game)) break;
  }
  return ran;
}

}  // namespace weft::engine
