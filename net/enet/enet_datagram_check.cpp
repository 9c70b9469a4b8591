#include "net/enet/enet_datagram_check.h"

#include <enet/enet.h>

#include <algorithm>
#include <array>
#include <cstddef>

namespace weft::net::detail {

namespace {

std::uint16_t readU16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

std::uint32_t readU32(const std::uint8_t* p) {
  return std::uint32_t{readU16(p)} << 16 | readU16(p + 2);
}

// Each command's fixed size and, for the commands that carry a payload, where its length sits:
// one table lookup per command, read on every datagram a host receives (ENet's own
// enet_protocol_command_size is a call into the library for the first half of it).
struct CommandLayout {
  std::uint8_t size = 0;           // 0: not a command
  std::uint8_t payloadLength = 0;  // 0: no payload
};

constexpr std::array<CommandLayout, ENET_PROTOCOL_COMMAND_COUNT> kLayouts = [] {
  std::array<CommandLayout, ENET_PROTOCOL_COMMAND_COUNT> t{};
  t[ENET_PROTOCOL_COMMAND_ACKNOWLEDGE] = {sizeof(ENetProtocolAcknowledge), 0};
  t[ENET_PROTOCOL_COMMAND_CONNECT] = {sizeof(ENetProtocolConnect), 0};
  t[ENET_PROTOCOL_COMMAND_VERIFY_CONNECT] = {sizeof(ENetProtocolVerifyConnect), 0};
  t[ENET_PROTOCOL_COMMAND_DISCONNECT] = {sizeof(ENetProtocolDisconnect), 0};
  t[ENET_PROTOCOL_COMMAND_PING] = {sizeof(ENetProtocolPing), 0};
  t[ENET_PROTOCOL_COMMAND_SEND_RELIABLE] = {sizeof(ENetProtocolSendReliable),
                                            offsetof(ENetProtocolSendReliable, dataLength)};
  t[ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE] = {sizeof(ENetProtocolSendUnreliable),
                                              offsetof(ENetProtocolSendUnreliable, dataLength)};
  t[ENET_PROTOCOL_COMMAND_SEND_FRAGMENT] = {sizeof(ENetProtocolSendFragment),
                                            offsetof(ENetProtocolSendFragment, dataLength)};
  t[ENET_PROTOCOL_COMMAND_SEND_UNSEQUENCED] = {sizeof(ENetProtocolSendUnsequenced),
                                               offsetof(ENetProtocolSendUnsequenced, dataLength)};
  t[ENET_PROTOCOL_COMMAND_BANDWIDTH_LIMIT] = {sizeof(ENetProtocolBandwidthLimit), 0};
  t[ENET_PROTOCOL_COMMAND_THROTTLE_CONFIGURE] = {sizeof(ENetProtocolThrottleConfigure), 0};
  t[ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT] = {
      sizeof(ENetProtocolSendFragment), offsetof(ENetProtocolSendFragment, dataLength)};
  return t;
}();

}  // namespace

const char* describe(EnetDatagramVerdict verdict) {
  switch (verdict) {
    case EnetDatagramVerdict::Plausible:
      return "plausible";
    case EnetDatagramVerdict::TooShort:
      return "too short";
    case EnetDatagramVerdict::Compressed:
      return "compressed, but this host has no compressor";
    case EnetDatagramVerdict::UnknownPeer:
      return "for no peer of this host";
    case EnetDatagramVerdict::WrongSession:
      return "from an old session";
    case EnetDatagramVerdict::BadCommand:
      return "an unknown command";
    case EnetDatagramVerdict::BadLength:
      return "commands that do not fit the datagram";
    case EnetDatagramVerdict::BadChannel:
      return "for a channel the peer does not have";
  }
  return "unknown";
}

std::optional<std::size_t> enetDatagramPeer(std::span<const std::uint8_t> datagram) {
  if (datagram.size() < 2) return std::nullopt;
  const std::size_t peerId = readU16(datagram.data()) & ENET_PROTOCOL_MAXIMUM_PEER_ID;
  if (peerId == ENET_PROTOCOL_MAXIMUM_PEER_ID) return std::nullopt;
  return peerId;
}

EnetDatagramVerdict checkEnetDatagram(std::span<const std::uint8_t> datagram, std::size_t peerCount,
                                      const EnetPeerSlot& slot) {
  using enum EnetDatagramVerdict;
  if (datagram.size() < 2) return TooShort;
  const std::uint16_t field = readU16(datagram.data());
  const std::size_t headerSize = (field & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME) ? 4 : 2;
  if (field & ENET_PROTOCOL_HEADER_FLAG_COMPRESSED) return Compressed;
  const std::size_t peerId = field & ENET_PROTOCOL_MAXIMUM_PEER_ID;
  const auto session = static_cast<std::uint8_t>((field & ENET_PROTOCOL_HEADER_SESSION_MASK) >>
                                                 ENET_PROTOCOL_HEADER_SESSION_SHIFT);
  const bool toConnect = peerId == ENET_PROTOCOL_MAXIMUM_PEER_ID;
  const EnetPeerSlot& peer = slot;
  if (!toConnect) {
    if (peerId >= peerCount) return UnknownPeer;
    if (!peer.live || !peer.addressMatches) return UnknownPeer;
    if (peer.checkSession && session != peer.session) return WrongSession;
  }
  std::size_t at = headerSize;
  if (at + sizeof(ENetProtocolCommandHeader) > datagram.size()) return TooShort;
  while (at < datagram.size()) {
    if (datagram.size() - at < sizeof(ENetProtocolCommandHeader)) return BadLength;
    const std::uint8_t command = datagram[at] & ENET_PROTOCOL_COMMAND_MASK;
    const std::uint8_t channel = datagram[at + 1];
    if (command == ENET_PROTOCOL_COMMAND_NONE || command >= ENET_PROTOCOL_COMMAND_COUNT) {
      return BadCommand;
    }
    // Before a peer exists, only a connect makes sense.
    if (toConnect && command != ENET_PROTOCOL_COMMAND_CONNECT) return BadCommand;
    const CommandLayout layout = kLayouts[command];
    const std::size_t size = layout.size;
    if (size == 0 || datagram.size() - at < size) return BadLength;
    std::size_t payload = 0;
    if (const std::size_t offset = layout.payloadLength; offset != 0) {
      payload = readU16(datagram.data() + at + offset);
      // Channel 0xFF is ENet's own; a payload command must name one of the peer's channels.
      if (!toConnect && channel >= peer.channelCount) return BadChannel;
    }
    if (datagram.size() - at - size < payload) return BadLength;
    at += size + payload;
  }
  return Plausible;
}

std::optional<std::size_t> oversizedEnetMessage(std::span<const std::uint8_t> datagram,
                                                std::size_t maxMessageBytes) {
  if (datagram.size() < 2) return std::nullopt;
  const bool sentTime = readU16(datagram.data()) & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME;
  std::size_t at = sentTime ? 4 : 2;
  while (datagram.size() - at >= sizeof(ENetProtocolCommandHeader)) {
    const std::uint8_t command = datagram[at] & ENET_PROTOCOL_COMMAND_MASK;
    if (command >= ENET_PROTOCOL_COMMAND_COUNT) return std::nullopt;
    const CommandLayout layout = kLayouts[command];
    if (layout.size == 0 || datagram.size() - at < layout.size) return std::nullopt;
    std::size_t payload = 0;
    std::size_t announced = 0;
    if (layout.payloadLength != 0) {
      payload = readU16(datagram.data() + at + layout.payloadLength);
      announced = payload;
    }
    if (command == ENET_PROTOCOL_COMMAND_SEND_FRAGMENT ||
        command == ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT) {
      announced = std::max<std::size_t>(
          payload, readU32(datagram.data() + at + offsetof(ENetProtocolSendFragment, totalLength)));
    }
    if (announced > maxMessageBytes) return announced;
    if (datagram.size() - at - layout.size < payload) return std::nullopt;
    at += layout.size + payload;
  }
  return std::nullopt;
}

}  // namespace weft::net::detail
