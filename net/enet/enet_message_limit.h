// EnetMessageLimit: the longest message an ENet host takes from its peers, set where ENet
// reassembles (its maximumPacketSize and maximumWaitingData), so a peer announcing a larger
// one makes ENet allocate nothing; and ENet's sends freed of that limit, which ENet would
// otherwise apply to what the host sends too. Internal.
// Tests: tests/net/enet/enet_message_limit_test.cpp
#pragma once

#include <enet/enet.h>

#include <cstddef>
#include <cstdint>

namespace weft::net::detail {

// What ENet may hold of one peer's incoming messages at once (being reassembled, or waiting for
// an earlier reliable one or for the host to take them): two of the largest, so that one can be
// reassembled while another waits, and a reliable window more, so that a peer's ordinary
// traffic is not refused while a large message of its own is on its way. ENet's reliable window
// (ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE, 64 KiB) is the reliable data a peer keeps in flight.
constexpr std::size_t enetWaitingBytesFor(std::size_t maxMessageBytes) {
  return 2 * maxMessageBytes + ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE;
}

// Limits what `host` receives to messages of `maxMessageBytes`: ENet refuses a longer message
// (from its first fragment, before allocating it), and holds at most
// enetWaitingBytesFor(maxMessageBytes) of one peer's messages, refusing more until the host takes
// some (a refused reliable command is sent again by its peer).
void limitEnetMessages(ENetHost& host, std::size_t maxMessageBytes);

// enet_peer_send with ENet's own limit (ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE, 32 MB) instead of
// the host's receive limit: a server may send larger messages than it takes (chat's Welcome).
int sendEnetPacket(ENetPeer& peer, std::uint8_t channel, ENetPacket* packet);

}  // namespace weft::net::detail
