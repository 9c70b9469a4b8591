// EnetConnectRequest: the fields of an ENet CONNECT that weft decides on before ENet sees the
// datagram, and the refusal weft answers one with — one DISCONNECT carrying a ReasonCode,
// which the client's ENet reports as its connection attempt ending with that code, while the
// server keeps no state for it. Internal. Tests: tests/net/enet/enet_handshake_guard_test.cpp
#pragma once

#include <enet/enet.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace weft::net::detail {

struct EnetConnectRequest {
  ENetAddress from{};
  std::uint32_t connectId = 0;     // as on the wire: ENet compares it unconverted
  std::uint16_t replyPeerId = 0;   // the client's id for this peer, which a reply addresses
  std::uint8_t replySession = 0;   // the session ENet would answer in
  std::uint32_t channelCount = 0;  // as asked for; ENet ignores a CONNECT outside 1..255
};

// The CONNECT a datagram to the connect id carries (its first command, the one ENet acts on);
// none if the datagram holds no whole CONNECT first.
std::optional<EnetConnectRequest> readEnetConnect(std::span<const std::uint8_t> datagram,
                                                  const ENetAddress& from);

// A DISCONNECT with `wireCode` (toWireCode) for the other side's peer `peerId` in `session`:
// ENet's header and one unsequenced command, as enet_peer_disconnect_now sends it, and smaller
// than a CONNECT, so answering forged ones amplifies nothing.
inline constexpr std::size_t kEnetDisconnectSize =
    sizeof(ENetProtocolHeader) - sizeof(enet_uint16) + sizeof(ENetProtocolDisconnect);
using EnetDisconnectDatagram = std::array<std::uint8_t, kEnetDisconnectSize>;
EnetDisconnectDatagram enetDisconnect(std::uint16_t peerId, std::uint8_t session,
                                      std::uint32_t wireCode);

// The DISCONNECT that refuses `request`: the client's ENet ends its attempt with `wireCode`.
inline EnetDisconnectDatagram enetRefusal(const EnetConnectRequest& request,
                                          std::uint32_t wireCode) {
  return enetDisconnect(request.replyPeerId, request.replySession, wireCode);
}

}  // namespace weft::net::detail
