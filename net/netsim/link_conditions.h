// LinkConditions: what a simulated network does to packets — latency, jitter, loss,
// duplication, reordering, a bandwidth cap — as one plain value shared by SimLink and UdpRelay.
// Tests: tests/net/netsim/impairment_model_test.cpp
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net {

// Per direction of a link. The defaults are a perfect network: no delay, nothing lost.
struct LinkConditions {
  Duration latency{};      // one-way base delay of every packet
  Duration jitter{};       // each packet's delay is latency ± up to this, uniformly (never < 0)
  double lossPercent = 0;  // 0-100: share of packets dropped on the way
  double duplicatePercent = 0;  // 0-100: share of delivered packets that arrive twice
  double reorderPercent = 0;    // 0-100: share of packets held back by reorderDelay
  // Extra delay of a reordered packet: packets sent within that time after it overtake it.
  Duration reorderDelay = std::chrono::milliseconds(10);
  std::uint64_t bandwidthBytesPerSecond = 0;  // 0: no cap; else packets queue to leave in turn
  // With a cap, the queue a router would hold: a packet that would push it past this many bytes
  // is dropped at the tail (counted apart from random loss). 0: unbounded.
  std::size_t queueLimitBytes = 1 << 20;

  // Checks ranges once, naming the bad field ("loss 120% is not within 0-100%").
  Result<void> validate() const;
  // "latency 50ms jitter 10ms loss 5% duplicate 1% reorder 0% bandwidth unlimited".
  std::string describe() const;

  friend bool operator==(const LinkConditions&, const LinkConditions&) = default;
};

}  // namespace weft::net
