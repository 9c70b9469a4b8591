// Fuzzes the ENet datagram check with every kind of peer slot: no input may crash it or read
// past the datagram (ASan), the verdict is the same twice, and a datagram called plausible has
// commands whose sizes add up to exactly its length; the oversized-message scan likewise.
#include <enet/enet.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "net/enet/enet_datagram_check.h"

namespace {

using weft::net::detail::EnetDatagramVerdict;
using weft::net::detail::EnetPeerSlot;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Walks the commands independently of the check; true when they end exactly at the end.
bool commandsFill(std::span<const std::uint8_t> d) {
  std::size_t at = (d[0] & 0x80) ? 4 : 2;
  while (at < d.size()) {
    const std::uint8_t command = d[at] & ENET_PROTOCOL_COMMAND_MASK;
    const std::size_t size = enet_protocol_command_size(command);
    if (size == 0 || d.size() - at < size) return false;
    std::size_t payload = 0;
    switch (command) {
      case ENET_PROTOCOL_COMMAND_SEND_RELIABLE:
        payload = (d[at + 4] << 8) | d[at + 5];
        break;
      case ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE:
      case ENET_PROTOCOL_COMMAND_SEND_UNSEQUENCED:
        payload = (d[at + 6] << 8) | d[at + 7];
        break;
      case ENET_PROTOCOL_COMMAND_SEND_FRAGMENT:
      case ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT:
        payload = (d[at + 6] << 8) | d[at + 7];
        break;
      default:
        break;
    }
    if (d.size() - at - size < payload) return false;
    at += size + payload;
  }
  return at == d.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // The first byte describes the host: how many peers, and the slot every peer id finds.
  const std::uint8_t shape = data[0];
  EnetPeerSlot slot;
  slot.live = shape & 1;
  slot.addressMatches = shape & 2;
  slot.checkSession = shape & 4;
  slot.session = (shape >> 3) & 3;
  slot.channelCount = (shape >> 5) + 1;
  const std::size_t peerCount = 1 + (shape & 0x0F);
  const std::span<const std::uint8_t> datagram(data + 1, size - 1);
  const EnetDatagramVerdict first = weft::net::detail::checkEnetDatagram(datagram, peerCount, slot);
  check(first == weft::net::detail::checkEnetDatagram(datagram, peerCount, slot));
  // A datagram for a peer slot that does not exist is never plausible.
  const auto peer = weft::net::detail::enetDatagramPeer(datagram);
  if (peer && *peer >= peerCount) check(first != EnetDatagramVerdict::Plausible);
  if (first == EnetDatagramVerdict::Plausible) check(commandsFill(datagram));
  // The oversize scan reads any datagram safely, and finds only what is over its limit.
  for (std::size_t limit : {std::size_t{0}, std::size_t{1000}, std::size_t{65538}}) {
    const auto found = weft::net::detail::oversizedEnetMessage(datagram, limit);
    check(!found || *found > limit);
  }
  return 0;
}
