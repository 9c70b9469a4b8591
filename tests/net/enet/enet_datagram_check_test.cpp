// EnetDatagramCheck: what passes to ENet and what is counted as junk.
#include "net/enet/enet_datagram_check.h"

#include <doctest/doctest.h>
#include <enet/enet.h>

#include <string>
#include <vector>

namespace weft::net::detail {
namespace {

using enum EnetDatagramVerdict;
using Bytes = std::vector<std::uint8_t>;

void putU16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

// A header for `peer` in `session`, with a sent time.
Bytes header(std::uint16_t peer, std::uint8_t session = 0) {
  Bytes out;
  putU16(out, static_cast<std::uint16_t>(ENET_PROTOCOL_HEADER_FLAG_SENT_TIME |
                                         (session << ENET_PROTOCOL_HEADER_SESSION_SHIFT) | peer));
  putU16(out, 1234);
  return out;
}

void connectCommand(Bytes& out) {
  const std::size_t size = enet_protocol_command_size(ENET_PROTOCOL_COMMAND_CONNECT);
  out.push_back(static_cast<std::uint8_t>(ENET_PROTOCOL_COMMAND_CONNECT) |
                ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE);
  out.push_back(0xFF);
  out.resize(out.size() + size - 2, 0);
}

void sendReliable(Bytes& out, std::uint8_t channel, const std::string& payload,
                  int lengthDelta = 0) {
  out.push_back(static_cast<std::uint8_t>(ENET_PROTOCOL_COMMAND_SEND_RELIABLE) |
                ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE);
  out.push_back(channel);
  putU16(out, 1);  // reliable sequence number
  putU16(out, static_cast<std::uint16_t>(static_cast<int>(payload.size()) + lengthDelta));
  out.insert(out.end(), payload.begin(), payload.end());
}

EnetPeerSlot connectedSlot() {
  EnetPeerSlot slot;
  slot.live = true;
  slot.addressMatches = true;
  slot.checkSession = true;
  slot.session = 1;
  slot.channelCount = 2;
  return slot;
}

EnetDatagramVerdict check(const Bytes& datagram, EnetPeerSlot slot = connectedSlot()) {
  return checkEnetDatagram(datagram, 4, slot);
}

TEST_CASE("a connect to the connect id and a send to a live peer are plausible") {
  Bytes connect = header(ENET_PROTOCOL_MAXIMUM_PEER_ID);
  connectCommand(connect);
  CHECK(check(connect) == Plausible);

  Bytes send = header(0, 1);
  sendReliable(send, 1, "hello");
  sendReliable(send, 0, "");
  CHECK(check(send) == Plausible);
}

TEST_CASE("junk is named by what is wrong with it") {
  CHECK(check({}) == TooShort);
  CHECK(check({0x00}) == TooShort);
  CHECK(check(header(0, 1)) == TooShort);  // a header and no command

  Bytes compressed = header(0, 1);
  compressed[0] |= ENET_PROTOCOL_HEADER_FLAG_COMPRESSED >> 8;
  sendReliable(compressed, 0, "x");
  CHECK(check(compressed) == Compressed);

  Bytes outOfRange = header(9);
  sendReliable(outOfRange, 0, "x");
  CHECK(check(outOfRange) == UnknownPeer);

  Bytes stranger = header(0, 1);
  sendReliable(stranger, 0, "x");
  EnetPeerSlot elsewhere = connectedSlot();
  elsewhere.addressMatches = false;
  CHECK(check(stranger, elsewhere) == UnknownPeer);
  EnetPeerSlot gone = connectedSlot();
  gone.live = false;
  CHECK(check(stranger, gone) == UnknownPeer);

  Bytes oldSession = header(0, 2);
  sendReliable(oldSession, 0, "x");
  CHECK(check(oldSession) == WrongSession);

  Bytes unknown = header(0, 1);
  unknown.insert(unknown.end(), {0x0E, 0x00, 0x00, 0x01});
  CHECK(check(unknown) == BadCommand);

  Bytes sendBeforeConnect = header(ENET_PROTOCOL_MAXIMUM_PEER_ID);
  sendReliable(sendBeforeConnect, 0, "x");
  CHECK(check(sendBeforeConnect) == BadCommand);

  Bytes overrun = header(0, 1);
  sendReliable(overrun, 0, "abc", +1);  // claims one byte more than there is
  CHECK(check(overrun) == BadLength);

  Bytes leftover = header(0, 1);
  sendReliable(leftover, 0, "abc");
  leftover.push_back(0x42);
  CHECK(check(leftover) == BadLength);

  Bytes truncatedConnect = header(ENET_PROTOCOL_MAXIMUM_PEER_ID);
  connectCommand(truncatedConnect);
  truncatedConnect.pop_back();
  CHECK(check(truncatedConnect) == BadLength);

  Bytes wrongChannel = header(0, 1);
  sendReliable(wrongChannel, 2, "x");  // the peer has channels 0 and 1
  CHECK(check(wrongChannel) == BadChannel);
}

TEST_CASE("the peer a datagram names is read from its header; a connect names none") {
  CHECK(enetDatagramPeer(header(3, 1)) == 3);
  CHECK_FALSE(enetDatagramPeer(header(ENET_PROTOCOL_MAXIMUM_PEER_ID)).has_value());
  CHECK_FALSE(enetDatagramPeer(Bytes{0x00}).has_value());
}

TEST_CASE("the session is checked only once the handshake told it") {
  Bytes early = header(0, 3);
  sendReliable(early, 0, "x");
  EnetPeerSlot connecting = connectedSlot();
  connecting.checkSession = false;
  CHECK(check(early, connecting) == Plausible);
}

TEST_CASE(
    "every ENet command is measured as ENet measures it: exact fits pass, a byte more or less does "
    "not") {
  for (std::uint8_t command = ENET_PROTOCOL_COMMAND_ACKNOWLEDGE;
       command < ENET_PROTOCOL_COMMAND_COUNT; ++command) {
    CAPTURE(static_cast<int>(command));
    const std::size_t size = enet_protocol_command_size(command);
    Bytes datagram = header(0, 1);
    datagram.push_back(command);
    datagram.push_back(0);  // channel 0; a payload length, where the command has one, stays 0
    datagram.resize(datagram.size() + size - 2, 0);
    CHECK(check(datagram) == Plausible);
    Bytes longer = datagram;
    longer.push_back(0);
    CHECK(check(longer) != Plausible);
    Bytes shorter = datagram;
    shorter.pop_back();
    CHECK(check(shorter) != Plausible);  // BadLength, or TooShort for a bare command header
  }
}

}  // namespace
}  // namespace weft::net::detail
