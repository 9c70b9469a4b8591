// Interpolator: a buffer of decoded snapshots and the state between two of them at a render
// tick behind the newest, with bounded extrapolation and a count of starved frames.
// Tests: tests/game/client/interpolation_test.cpp, tests/game/client/arena_session_test.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "game/proto/snapshot.h"
#include "game/sim/units.h"
#include "game/sim/world.h"

namespace weft::game::client {

// A position between two ticks: Coords with a fraction, for drawing only (never stepped).
struct RenderPosition {
  double x = 0;
  double y = 0;
};

struct RenderPlayer {
  sim::PlayerId id = sim::kNoPlayer;
  RenderPosition position;
  sim::Player state;  // the newer snapshot's (health, score, aim...): what the HUD shows
};
struct RenderProjectile {
  std::uint32_t id = 0;
  sim::PlayerId owner = sim::kNoPlayer;
  RenderPosition position;
};

struct InterpolatedFrame {
  double tick = 0;  // the render tick asked for
  std::vector<RenderPlayer> players;
  std::vector<RenderProjectile> projectiles;
  // Past the newest snapshot: positions run on along their velocity for at most one snapshot
  // interval, then stop.
  bool starved = false;
  bool empty = true;  // no snapshot yet
};

// The delay behind the received tick (TickSync::receivedTick) that rendering keeps: two
// snapshot intervals, so one lost snapshot still leaves one to interpolate towards (Source's
// cl_interp_ratio 2), plus twice the measured jitter, plus an adaptive part that grows by
// kStarvedBoostTicks with each starved frame (at most one snapshot interval more) and gives
// back kRecoverTicksPerSecond while frames are fed.
class Interpolator {
 public:
  static constexpr std::size_t kCapacity = 64;
  static constexpr double kStarvedBoostTicks = 0.25;
  static constexpr double kRecoverTicksPerSecond = 0.1;

  // `ticksPerSnapshot` = ticksPerSecond / snapshotRate.
  explicit Interpolator(int ticksPerSnapshot = 2);

  void clear();
  void setTicksPerSnapshot(int ticks) { ticksPerSnapshot_ = ticks; }
  // A snapshot as it decoded; one older than the newest kept is put in its place.
  void add(const proto::Snapshot& snapshot);
  const proto::Snapshot* newest() const { return buffer_.empty() ? nullptr : &buffer_.back(); }
  std::size_t size() const { return buffer_.size(); }

  // The delay in ticks for `jitterTicks` of measured jitter.
  double delayTicks(double jitterTicks) const;
  // Everything at `renderTick`; counts the frame (and a starved one) and adapts the delay by
  // `frameSeconds`, the time since the previous frame. Before the first snapshot the frame is
  // empty and not counted.
  InterpolatedFrame sample(double renderTick, double frameSeconds);

  std::uint64_t frames() const { return frames_; }
  std::uint64_t starvedFrames() const { return starvedFrames_; }
  double boostTicks() const { return boost_; }

 private:
  int ticksPerSnapshot_;
  std::deque<proto::Snapshot> buffer_;  // by tick, oldest first
  double boost_ = 0;
  std::uint64_t frames_ = 0;
  std::uint64_t starvedFrames_ = 0;
};

}  // namespace weft::game::client
