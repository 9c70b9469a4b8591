// RawEnetClient: plain libenet client peers, with no weft in between, for the ENet benchmarks'
// load: one ENet host whose peer slots all connect to one server on loopback, serviced by the
// benchmark with enet_host_service as any ENet program would. Also the channel convention the
// benchmarks' echo servers follow. Every wait here is bounded.
// Tests: tests/tools/bench/raw_enet_test.cpp (and the subcommands,
// tests/tools/bench/enet_bench_test.cpp)
#pragma once

#include <enet/enet.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "net/core/result.h"
#include "net/enet/enet_library.h"

namespace weft::bench {

// The echo servers (enet-echo-server) answer on the channel a message came in on, with the
// channel's delivery: reliable on kReliableChannel, unreliable (sequenced) on kUnreliableChannel.
// The channel says it because an ENet receive event does not carry the sender's delivery flags.
inline constexpr std::uint8_t kReliableChannel = 0;
inline constexpr std::uint8_t kUnreliableChannel = 1;
inline constexpr std::size_t kEchoChannels = 2;

// ENet packet flags for a message on `channel` under that convention.
inline enet_uint32 echoPacketFlags(std::uint8_t channel) {
  return channel == kReliableChannel ? ENET_PACKET_FLAG_RELIABLE : 0;
}

class RawEnetClient {
 public:
  // Opens a client host with `peers` slots and kEchoChannels channels and connects every slot to
  // 127.0.0.1:`port`, waiting up to `limit` for all of them. The error says how many connected.
  static net::Result<std::unique_ptr<RawEnetClient>> connect(std::uint16_t port, std::size_t peers,
                                                             std::chrono::milliseconds limit);
  // Drops every peer without a goodbye (enet_host_destroy) if disconnect() did not run.
  ~RawEnetClient();
  RawEnetClient(const RawEnetClient&) = delete;
  RawEnetClient& operator=(const RawEnetClient&) = delete;

  ENetHost* host() { return host_; }
  // The connected peers, in slot order: peers()[i] is slot i, so `event.peer - host()->peers`
  // is the index of the peer an event is about.
  std::span<ENetPeer* const> peers() const { return peers_; }

  // Says goodbye to every peer (after what is queued) and services the host until each one's
  // disconnect is confirmed, up to `limit`. Received packets are dropped meanwhile. The error
  // says how many did not confirm.
  net::Result<void> disconnect(std::chrono::milliseconds limit);

 private:
  RawEnetClient(net::detail::EnetLibrary library, ENetHost* host)
      : library_(std::move(library)), host_(host) {}

  net::detail::EnetLibrary library_;  // keeps ENet initialized while the host lives
  ENetHost* host_;
  std::vector<ENetPeer*> peers_;
};

}  // namespace weft::bench
