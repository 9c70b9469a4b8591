// RateMeter: turns cumulative traffic totals into per-second rates over about the last second,
// from samples taken whenever stats are asked for — no timer, nothing on the send path.
// Internal: transports fill NetStats with it.
// Tests: tests/net/core/rate_meter_test.cpp
#pragma once

#include <array>
#include <cstddef>

#include "net/core/net_stats.h"

namespace weft::net::detail {

class RateMeter {
 public:
  explicit RateMeter(Duration window = std::chrono::seconds(1)) : window_(window) {}

  // Records `totals` as of `now` and fills `stats`' four rates from the oldest sample still
  // inside the window. Kept samples are at least window/8 apart, so the history stays about 9
  // entries long however often this is called.
  void update(TimePoint now, const TrafficTotals& totals, NetStats& stats);

 private:
  struct Sample {
    TimePoint at;
    TrafficTotals totals;
  };
  static constexpr std::size_t kSamples = 10;

  Duration window_;
  std::array<Sample, kSamples> samples_{};
  std::size_t count_ = 0;  // valid samples, oldest at samples_[head_]
  std::size_t head_ = 0;
};

}  // namespace weft::net::detail
