// PositionHistory: where every player was over the last few ticks, for lag-compensated hitscan.
// Tests: tests/game/sim/lag_compensation_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "game/sim/units.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

// One tick's players after they moved: what a snapshot of that tick showed.
struct RewindFrame {
  Tick tick = -1;           // -1: never recorded
  std::uint64_t alive = 0;  // bit i: player i was alive (and so could be seen and hit)
  std::array<Vec, kMaxPlayers> positions{};

  bool wasAlive(PlayerId id) const { return (alive >> id) & 1; }
  friend bool operator==(const RewindFrame&, const RewindFrame&) = default;
};

// A ring of the last `frames` ticks. Only players are kept: walls never move, and rockets are
// not lag compensated. Server-side state: a snapshot does not carry it; a world copied from one
// refills it as it steps (only hitscan against others reads it, which the server decides).
class PositionHistory {
 public:
  explicit PositionHistory(int frames = 1) : frames_(static_cast<std::size_t>(frames)) {}

  RewindFrame& recordFrame(Tick tick) {
    RewindFrame& frame = frames_[slot(tick)];
    frame = RewindFrame{};
    frame.tick = tick;
    return frame;
  }
  // The frame of `tick`, or nullptr when it was never recorded or has been overwritten.
  const RewindFrame* find(Tick tick) const {
    const RewindFrame& frame = frames_[slot(tick)];
    return tick >= 0 && frame.tick == tick ? &frame : nullptr;
  }
  // Makes `id` unseen in every kept frame: a new player in a slot is not its predecessor.
  void forget(PlayerId id) {
    for (RewindFrame& frame : frames_) {
      frame.alive &= ~(std::uint64_t{1} << id);
      frame.positions[id] = {};
    }
  }
  void clear() {
    for (RewindFrame& frame : frames_) frame = RewindFrame{};
  }
  const std::vector<RewindFrame>& frames() const { return frames_; }

  friend bool operator==(const PositionHistory&, const PositionHistory&) = default;

 private:
  std::size_t slot(Tick tick) const {
    return static_cast<std::size_t>(static_cast<std::uint32_t>(tick) % frames_.size());
  }

  std::vector<RewindFrame> frames_;
};

}  // namespace weft::game::sim
