// NetStats: one snapshot of a connection's health — RTT, jitter, loss, traffic rates, queued and
// incoming bytes — filled the same way by ENet, TCP and simulated links, so a net graph draws
// any of them.
// Tests: tests/net/core/rate_meter_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/core/clock.h"

namespace weft::net {

// Cumulative counts since the connection began; a transport only ever adds to them.
struct TrafficTotals {
  std::uint64_t bytesSent = 0;
  std::uint64_t bytesReceived = 0;
  std::uint64_t packetsSent = 0;  // messages on message transports, writes/reads on streams
  std::uint64_t packetsReceived = 0;
};

struct NetStats {
  Duration rtt{};                 // smoothed round-trip time; zero when the transport cannot know
  Duration rttVariance{};         // mean deviation of the RTT: the jitter a player feels
  double lossPercent = 0;         // share of packets lost (ENet) or retransmitted (TCP), 0-100
  double bytesSentPerSecond = 0;  // over about the last second
  double bytesReceivedPerSecond = 0;
  double packetsSentPerSecond = 0;
  double packetsReceivedPerSecond = 0;
  std::size_t queuedBytes = 0;  // accepted for sending but not yet sent (or not yet acknowledged)
  // Received but not delivered yet: parts of a message being reassembled, messages waiting for
  // an earlier one or for reading to resume (ENet, simulated links), a partial frame (streams).
  std::size_t incomingBytes = 0;
  TrafficTotals totals;
};

}  // namespace weft::net
