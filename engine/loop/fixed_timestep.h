// FixedTimestep: turns the frames' uneven durations into whole simulation steps of one fixed
// length (an accumulator), caps how many a slow frame may catch up, and gives the fraction of a
// step left over as the interpolation alpha for rendering. Sans-SDL, sans-clock: time comes in.
// Tests: tests/engine/loop/fixed_timestep_test.cpp
#pragma once

#include <cstdint>

#include "net/core/clock.h"

namespace weft::engine {

// 1/60 s, rounded to the nanosecond.
inline constexpr net::Duration kDefaultStep{16'666'667};

struct FixedTimestepConfig {
  net::Duration step = kDefaultStep;  // simulated time per update; > 0
  // Steps one frame may run; the rest of a long stall is dropped (the game slows down
  // instead of spiralling: each catch-up step makes the next frame longer still). >= 1.
  int maxCatchUpSteps = 5;
};

// What one frame's elapsed time amounts to.
struct TimestepAdvance {
  int steps = 0;     // updates to run now, <= maxCatchUpSteps
  int dropped = 0;   // whole steps discarded because of the cap
  double alpha = 0;  // leftover / step, in [0, 1)
};

class FixedTimestep {
 public:
  // Asserts (in every build) that the config is valid.
  explicit FixedTimestep(FixedTimestepConfig config = {});

  // Adds `elapsed` (negative counts as zero) and takes out the whole steps.
  TimestepAdvance advance(net::Duration elapsed);

  net::Duration step() const { return config_.step; }
  net::Duration leftover() const { return accumulator_; }  // < step() after advance
  std::uint64_t totalSteps() const { return totalSteps_; }
  std::uint64_t totalDropped() const { return totalDropped_; }

 private:
  FixedTimestepConfig config_;
  net::Duration accumulator_{};
  std::uint64_t totalSteps_ = 0;
  std::uint64_t totalDropped_ = 0;
};

}  // namespace weft::engine
