#include "net/enet/enet_handshake_guard.h"

#include <algorithm>

#include "net/core/assert.h"
#include "net/core/message_transport.h"

namespace weft::net::detail {

EnetHandshakeGuard::EnetHandshakeGuard(const EnetHandshakeLimits& limits, std::size_t slots)
    : limits_(limits), since_(slots) {
  WEFT_ASSERT(
      limits.maxInProgress > 0 && limits.maxPerAddress > 0 && limits.timeout > Duration::zero(),
      "EnetHandshakeLimits: maxInProgress, maxPerAddress and timeout must be above zero");
}

ConnectDecision EnetHandshakeGuard::admit(ENetHost& host, const EnetConnectRequest& request,
                                          bool closed, TimePoint now) {
  // ENet ignores these itself, and takes no slot for them.
  if (request.channelCount < ENET_PROTOCOL_MINIMUM_CHANNEL_COUNT ||
      request.channelCount > ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT) {
    return {};
  }
  ENetPeer* const peers = host.peers;
  ENetPeer* free = nullptr;    // the slot ENet will take: its first disconnected one
  ENetPeer* oldest = nullptr;  // the oldest handshake
  std::size_t inProgress = 0, here = 0;
  bool portInUse = false;  // a peer of this host has the sender's address and port
  auto began = [&](const ENetPeer* peer) { return since_[static_cast<std::size_t>(peer - peers)]; };
  auto older = [&](ENetPeer* a, ENetPeer* b) { return b == nullptr || began(a) < began(b); };
  for (ENetPeer* peer = peers; peer < peers + host.peerCount; ++peer) {
    if (peer->state == ENET_PEER_STATE_DISCONNECTED) {
      if (free == nullptr) free = peer;
      continue;
    }
    const bool sameHost = peer->address.host == request.from.host;
    if (sameHost && peer->address.port == request.from.port) {
      // A resend of a CONNECT this host already took: ENet recognises and ignores it.
      if (peer->connectID == request.connectId && peer->state != ENET_PEER_STATE_CONNECTING) {
        return {};
      }
      portInUse = true;
    }
    if (!handshaking(*peer)) continue;
    ++inProgress;
    if (older(peer, oldest)) oldest = peer;
    if (sameHost) ++here;
  }
  const ConnectVerdict noRoom = portInUse ? ConnectVerdict::Drop : ConnectVerdict::Refuse;
  if (closed) return {noRoom};
  // Not pushing out this address's own oldest: one host's many real clients at once (a LAN
  // bot farm, a benchmark) would push out each other's handshakes mid-way.
  if (here >= limits_.maxPerAddress) return {ConnectVerdict::Drop};
  ENetPeer* pushedOut = nullptr;
  if (inProgress >= limits_.maxInProgress || free == nullptr) pushedOut = oldest;
  if (pushedOut != nullptr) {
    letGo(host, *pushedOut);
    if (free == nullptr || pushedOut < free) free = pushedOut;
  }
  if (free == nullptr) return {noRoom};  // every slot holds a connection or a goodbye
  since_[static_cast<std::size_t>(free - peers)] = now;
  nextDue_ = std::min(nextDue_, now + limits_.timeout);
  return {ConnectVerdict::Pass, pushedOut != nullptr};
}

// Quietly, as its sender may be forged; but once ENet's answer went out, a real client believes
// it is connected (ENet's client side connects on that answer), and is told it is not.
void EnetHandshakeGuard::letGo(ENetHost& host, ENetPeer& peer) {
  if (!enet_list_empty(&peer.sentReliableCommands)) {
    auto goodbye = enetDisconnect(peer.outgoingPeerID, peer.outgoingSessionID,
                                  toWireCode(ReasonCode::TimedOut));
    ENetBuffer buffer{};
    buffer.data = goodbye.data();
    buffer.dataLength = goodbye.size();
    enet_socket_send(host.socket, &peer.address, &buffer, 1);
  }
  enet_peer_reset(&peer);
}

std::size_t EnetHandshakeGuard::expire(ENetHost& host, TimePoint now) {
  if (now < nextDue_) return 0;
  nextDue_ = TimePoint::max();
  std::size_t expired = 0;
  for (std::size_t slot = 0; slot < host.peerCount; ++slot) {
    ENetPeer& peer = host.peers[slot];
    if (!handshaking(peer)) continue;
    const TimePoint due = since_[slot] + limits_.timeout;
    if (due <= now) {
      letGo(host, peer);
      ++expired;
    } else {
      nextDue_ = std::min(nextDue_, due);
    }
  }
  return expired;
}

}  // namespace weft::net::detail
