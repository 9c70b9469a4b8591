#include "net/enet/enet_connect_request.h"

#include <cstring>

namespace weft::net::detail {

namespace {

constexpr std::size_t kShortHeader = sizeof(ENetProtocolHeader) - sizeof(enet_uint16);

}  // namespace

std::optional<EnetConnectRequest> readEnetConnect(std::span<const std::uint8_t> datagram,
                                                  const ENetAddress& from) {
  if (datagram.size() < kShortHeader) return std::nullopt;
  const auto field = static_cast<std::uint16_t>((datagram[0] << 8) | datagram[1]);
  const std::size_t at =
      (field & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME) ? sizeof(ENetProtocolHeader) : kShortHeader;
  ENetProtocolConnect connect;
  if (datagram.size() - at < sizeof connect) return std::nullopt;
  std::memcpy(&connect, datagram.data() + at, sizeof connect);
  if ((connect.header.command & ENET_PROTOCOL_COMMAND_MASK) != ENET_PROTOCOL_COMMAND_CONNECT) {
    return std::nullopt;
  }
  EnetConnectRequest request;
  request.from = from;
  request.connectId = connect.connectID;
  request.replyPeerId = ENET_NET_TO_HOST_16(connect.outgoingPeerID);
  // As enet_protocol_handle_connect picks the session it sends in, for a fresh peer (0xFF).
  const unsigned asked = connect.incomingSessionID;
  request.replySession = static_cast<std::uint8_t>(
      (asked + 1) & (ENET_PROTOCOL_HEADER_SESSION_MASK >> ENET_PROTOCOL_HEADER_SESSION_SHIFT));
  request.channelCount = ENET_NET_TO_HOST_32(connect.channelCount);
  return request;
}

EnetDisconnectDatagram enetDisconnect(std::uint16_t peerId, std::uint8_t session,
                                      std::uint32_t wireCode) {
  EnetDisconnectDatagram out{};
  constexpr unsigned kSessions =
      ENET_PROTOCOL_HEADER_SESSION_MASK >> ENET_PROTOCOL_HEADER_SESSION_SHIFT;
  const auto peer =
      static_cast<std::uint16_t>((peerId & ENET_PROTOCOL_MAXIMUM_PEER_ID) |
                                 ((session & kSessions) << ENET_PROTOCOL_HEADER_SESSION_SHIFT));
  out[0] = static_cast<std::uint8_t>(peer >> 8);
  out[1] = static_cast<std::uint8_t>(peer);
  ENetProtocolDisconnect disconnect{};
  disconnect.header.command = static_cast<enet_uint8>(ENET_PROTOCOL_COMMAND_DISCONNECT) |
                              static_cast<enet_uint8>(ENET_PROTOCOL_COMMAND_FLAG_UNSEQUENCED);
  disconnect.header.channelID = 0xFF;
  disconnect.header.reliableSequenceNumber = ENET_HOST_TO_NET_16(1);
  disconnect.data = ENET_HOST_TO_NET_32(wireCode);
  std::memcpy(out.data() + kShortHeader, &disconnect, sizeof disconnect);
  return out;
}

}  // namespace weft::net::detail
