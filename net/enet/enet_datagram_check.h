// EnetDatagramCheck: decides, before ENet parses it, whether a datagram that reached an ENet host
// could be ENet traffic for it: a valid header for a live peer (or a connect), commands of known
// kinds whose sizes add up exactly. ENet drops garbage silently; weft counts what it drops, so a
// server operator sees junk and attacks in the stats. Tests:
// tests/net/enet/enet_datagram_check_test.cpp, tests/fuzz/enet_datagram_check_fuzz.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace weft::net::detail {

// What the check needs to know of the host's peer slot a datagram names.
struct EnetPeerSlot {
  bool live = false;            // neither disconnected nor a zombie
  bool addressMatches = false;  // the datagram came from the slot's peer
  bool checkSession = false;    // the peer has told us its session (after the handshake)
  std::uint8_t session = 0;
  std::size_t channelCount = 0;
};

enum class EnetDatagramVerdict : std::uint8_t {
  Plausible,
  TooShort,      // shorter than a header and one command
  Compressed,    // this host has no compressor
  UnknownPeer,   // a peer id out of range, or a slot with no live peer from that address
  WrongSession,  // an old connection's datagram
  BadCommand,    // an unknown command, or a connect not sent to the connect id
  BadLength,     // commands or payloads overrun the datagram, or bytes are left over
  BadChannel,    // a channel the peer does not have
};

const char* describe(EnetDatagramVerdict verdict);

// The peer id a datagram's header names, if it names one (a connect names none). The caller
// looks that slot up, if it is below its peer count, for checkEnetDatagram.
std::optional<std::size_t> enetDatagramPeer(std::span<const std::uint8_t> datagram);

// `slot` describes the peer enetDatagramPeer named; it is not read for a connect or for an id
// at or above `peerCount`.
EnetDatagramVerdict checkEnetDatagram(std::span<const std::uint8_t> datagram, std::size_t peerCount,
                                      const EnetPeerSlot& slot);

// The size of the first message in `datagram` (which checkEnetDatagram found Plausible) over
// `maxMessageBytes`: a fragment's announced total, or a whole message's length. ENet drops such
// a message unseen and its sender would retry it until it timed out; the host closes the
// sender's connection instead, saying why (enet_message_limit.h).
std::optional<std::size_t> oversizedEnetMessage(std::span<const std::uint8_t> datagram,
                                                std::size_t maxMessageBytes);

}  // namespace weft::net::detail
