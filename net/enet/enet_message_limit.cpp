#include "net/enet/enet_message_limit.h"

#include <utility>

namespace weft::net::detail {

void limitEnetMessages(ENetHost& host, std::size_t maxMessageBytes) {
  host.maximumPacketSize = maxMessageBytes;
  host.maximumWaitingData = enetWaitingBytesFor(maxMessageBytes);
}

// ENet reads maximumPacketSize in enet_peer_send only to refuse a packet over it; nothing in
// that call receives, so setting it aside for the call changes only that check.
int sendEnetPacket(ENetPeer& peer, std::uint8_t channel, ENetPacket* packet) {
  ENetHost& host = *peer.host;
  const std::size_t receiveLimit =
      std::exchange(host.maximumPacketSize, ENET_HOST_DEFAULT_MAXIMUM_PACKET_SIZE);
  const int result = enet_peer_send(&peer, channel, packet);
  host.maximumPacketSize = receiveLimit;
  return result;
}

}  // namespace weft::net::detail
