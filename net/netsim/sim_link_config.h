// SimLinkConfig: how a simulated link's ends behave — channels, addresses, the reliable window,
// retransmission and timeout times, water marks — ENet's defaults where ENet has one.
// Tests: tests/net/netsim/sim_link_test.cpp
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "net/core/address.h"
#include "net/core/clock.h"

namespace weft::net {

struct SimLinkConfig {
  // The impairment model's seed; unset picks one at random and logs it (Info), so a failing
  // run can be replayed by setting it here.
  std::optional<std::uint64_t> seed;
  std::uint8_t channelCount = 8;
  Address clientAddress = Address::loopbackIPv4(40000);  // the client end's host()
  Address serverAddress = Address::loopbackIPv4(7777);   // the server end's host()
  // Reliable bytes (with headers) sent and not yet acknowledged; more waits its turn. At least
  // one packet is always allowed, however large.
  std::size_t windowBytes = 64 * 1024;
  Duration initialRtt = std::chrono::milliseconds(100);  // the RTO's base before any ack
  Duration minRetransmit = std::chrono::milliseconds(10);
  // Each retry doubles the timeout up to this, so a lossy link keeps trying within `timeout`.
  Duration maxRetransmit = std::chrono::milliseconds(500);
  Duration pingInterval = std::chrono::milliseconds(500);  // ENet's: keeps RTT fresh when idle
  // A reliable packet (a ping included) unacknowledged this long ends the connection with
  // TimedOut: how the peer of an abort() learns of it, as with ENet.
  Duration timeout = std::chrono::seconds(10);
  std::size_t highWaterMark = 64 * 1024;  // queuedBytes above this pauses the producer
  std::size_t lowWaterMark = 16 * 1024;   // ...at or below this resumes it
};

}  // namespace weft::net
