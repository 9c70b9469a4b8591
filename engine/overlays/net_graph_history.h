// NetGraphHistory: the last seconds of per-frame connection and frame figures (RTT, jitter, loss,
// kB/s in and out, pump and frame time) in a bounded ring, with min/avg/max per series — the data
// behind the F3 net graph, kept apart from ImGui so its arithmetic is tested with exact times.
// Tests: tests/engine/overlays/net_graph_history_test.cpp
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/frame_stats.h"
#include "net/core/clock.h"
#include "net/core/net_stats.h"

namespace weft::engine {

// One plotted quantity, each stored in the unit it is shown in.
enum class GraphSeries : std::uint8_t {
  Rtt,        // ms, smoothed round-trip time
  Jitter,     // ms, NetStats::rttVariance
  Loss,       // %, 0-100
  KBytesIn,   // kB/s received (1 kB = 1000 bytes)
  KBytesOut,  // kB/s sent
  Pump,       // ms inside reactor.pump
  Frame,      // ms from one frame's start to the next
};
inline constexpr std::size_t kGraphSeriesCount = 7;

// True for the series that come from NetStats: they have gaps while there is no connection.
constexpr bool isNetworkSeries(GraphSeries series) {
  return series != GraphSeries::Pump && series != GraphSeries::Frame;
}

struct NetGraphHistoryConfig {
  net::Duration window = std::chrono::seconds(10);  // samples older than this are dropped
  std::size_t capacity = 2048;  // samples kept at most (10 s at 200 fps); the oldest go first
  // A step between two samples longer than this (a stall, a suspended process) or backwards
  // breaks the plotted line there instead of joining across it.
  net::Duration maxStep = std::chrono::milliseconds(250);
};

struct GraphSample {
  net::TimePoint at{};
  std::array<float, kGraphSeriesCount> values{};  // network series are 0 when !connected
  bool connected = false;    // the network series hold figures
  bool breakBefore = false;  // not to be joined to the sample before (first, or a time jump)

  float value(GraphSeries series) const { return values[static_cast<std::size_t>(series)]; }
};

// One series over the window. For a network series only connected samples count.
struct SeriesSummary {
  std::optional<float> current;  // the newest sample's value; none when it had no connection
  float min = 0;
  float avg = 0;  // per sample, not weighted by time
  float max = 0;
  std::size_t samples = 0;  // how many samples the figures cover; 0: min/avg/max are 0
};

class NetGraphHistory {
 public:
  // Asserts a positive window and capacity. Allocates the ring here, never afterwards.
  explicit NetGraphHistory(NetGraphHistoryConfig config = {});

  // Records one frame at `now`: the connection's stats (none: no connection this frame, a gap
  // in the network series) and the frame's timings. Samples older than `now - window` leave.
  // A `now` before the newest sample (another clock, a reset) starts the history afresh: the
  // old samples cannot be placed on the new time line.
  void add(net::TimePoint now, const std::optional<net::NetStats>& net, const FrameStats& frame);
  void clear();

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Oldest first; i < size().
  const GraphSample& at(std::size_t i) const;
  const GraphSample& newest() const { return at(count_ - 1); }
  // Samples the capacity pushed out before the window did (the frame rate outran capacity).
  std::uint64_t overflowed() const { return overflowed_; }
  const NetGraphHistoryConfig& config() const { return config_; }

  SeriesSummary summary(GraphSeries series) const;

 private:
  NetGraphHistoryConfig config_;
  std::vector<GraphSample> ring_;
  std::size_t head_ = 0;  // index of the oldest sample
  std::size_t count_ = 0;
  std::uint64_t overflowed_ = 0;
};

}  // namespace weft::engine
