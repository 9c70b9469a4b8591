// The enet: endpoint kind — ENet over UDP, IPv4 only, "enet:PORT" to listen and
// "enet:HOST:PORT" to connect — and the options an enet endpoint carries (channels, peers,
// bandwidth, batch), read with enetOptions. Tests: tests/net/core/endpoint_test.cpp,
// tests/net/enet/enet_connect_test.cpp
#pragma once

#include <cstdint>

#include "net/core/clock.h"
#include "net/core/endpoint.h"

namespace weft::net {

// enet:PORT[:interface=ADDR][:channels=C][:peers=P][:in=BYTES][:out=BYTES][:batch=SECONDS]
// enet:HOST:PORT[:timeout=SECONDS][:channels=C][:in=BYTES][:out=BYTES]
// C is 1-255 (default 4), P is 1-4094 (default 64), BYTES a number of bytes per second (0, the
// default: no limit), SECONDS for batch a decimal from 0 (the default) to 1.
extern const EndpointKind kEnetKind;

struct EnetOptions {
  static constexpr int kDefaultChannels = 4;
  static constexpr int kDefaultPeers = 64;

  // Channels per connection (both ends should agree; a connection gets the smaller count).
  int channels = kDefaultChannels;
  int peers = kDefaultPeers;  // server: the connections it accepts
  // Bandwidth limits in bytes/s (0: unlimited), which ENet uses to pace its sends.
  std::uint32_t bandwidthIn = 0;
  std::uint32_t bandwidthOut = 0;
  // Server: datagrams arriving within `batch` of the last service wait in the socket and are
  // served together, so a busy server wakes at most once per batch and answers a tick's
  // messages in one pass (fewer system calls per message, up to `batch` more latency). Zero,
  // the default: each datagram is served as it arrives.
  Duration batch{};

  friend bool operator==(const EnetOptions&, const EnetOptions&) = default;
};

// The options `endpoint` (of kind kEnetKind) carries, its defaults where the string gave none.
EnetOptions enetOptions(const Endpoint& endpoint);

}  // namespace weft::net
