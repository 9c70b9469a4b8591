#include "engine/loop/fixed_timestep.h"

#include <algorithm>
#include <limits>

#include "net/core/assert.h"

namespace weft::engine {

FixedTimestep::FixedTimestep(FixedTimestepConfig config) : config_(config) {
  WEFT_ASSERT(config_.step > net::Duration::zero(), "FixedTimestepConfig::step must be positive");
  WEFT_ASSERT(config_.maxCatchUpSteps >= 1, "FixedTimestepConfig::maxCatchUpSteps must be >= 1");
}

TimestepAdvance FixedTimestep::advance(net::Duration elapsed) {
  accumulator_ += std::max(elapsed, net::Duration::zero());
  const auto whole = accumulator_ / config_.step;  // integer division of durations
  accumulator_ -= whole * config_.step;
  TimestepAdvance result;
  result.steps = static_cast<int>(std::min<decltype(whole)>(whole, config_.maxCatchUpSteps));
  // Saturates: a stall of years still reports a count, not an overflow.
  result.dropped = static_cast<int>(
      std::min<decltype(whole)>(whole - result.steps, std::numeric_limits<int>::max()));
  result.alpha =
      static_cast<double>(accumulator_.count()) / static_cast<double>(config_.step.count());
  totalSteps_ += static_cast<std::uint64_t>(result.steps);
  totalDropped_ += static_cast<std::uint64_t>(result.dropped);
  return result;
}

}  // namespace weft::engine
