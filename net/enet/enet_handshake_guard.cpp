#include "net/enet/enet_handshake_guard.h"

#include <algorithm>

#include "net/core/assert.h"
#include "net/core/message_transport.h"

namespace weft::net::detail {

EnetHandshakeGuard::EnetHandshakeGuard(ENetHost& host, const EnetHandshakeLimits& limits)
    : host_(host), limits_(limits), slots_(host.peerCount), since_(host.peerCount) {
  WEFT_ASSERT(
      limits.maxInProgress > 0 && limits.maxPerAddress > 0 && limits.timeout > Duration::zero(),
      "EnetHandshakeLimits: maxInProgress, maxPerAddress and timeout must be above zero");
  trim();
}

// enet_host_destroy resets every slot in view: let it see all of them again.
EnetHandshakeGuard::~EnetHandshakeGuard() {
  host_.peerCount = slots_;
}

ConnectDecision EnetHandshakeGuard::admit(const EnetConnectRequest& request, bool closed,
                                          TimePoint now) {
  // ENet ignores these itself, and takes no slot for them.
  if (request.channelCount < ENET_PROTOCOL_MINIMUM_CHANNEL_COUNT ||
      request.channelCount > ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT) {
    return {};
  }
  ENetPeer* const peers = host_.peers;
  ENetPeer* free = nullptr;    // the slot ENet will take: its first disconnected one
  ENetPeer* oldest = nullptr;  // the oldest handshake
  std::size_t inProgress = 0, here = 0;
  bool portInUse = false;  // a peer of this host has the sender's address and port
  auto older = [&](ENetPeer* a, ENetPeer* b) {
    return b == nullptr || since_[slotOf(a)] < since_[slotOf(b)];
  };
  for (ENetPeer* peer = peers; peer < peers + host_.peerCount; ++peer) {
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
  // The slots out of view are all free: the first of them is next.
  if (free == nullptr && host_.peerCount < slots_) free = peers + host_.peerCount;
  const ConnectVerdict noRoom = portInUse ? ConnectVerdict::Drop : ConnectVerdict::Refuse;
  if (closed) return {noRoom};
  // Not pushing out this address's own oldest: one host's many real clients at once (a LAN
  // bot farm, a benchmark) would push out each other's handshakes mid-way.
  if (here >= limits_.maxPerAddress) return {ConnectVerdict::Defer};
  ENetPeer* pushedOut = nullptr;
  if (inProgress >= limits_.maxInProgress || free == nullptr) pushedOut = oldest;
  if (pushedOut != nullptr) {
    // Silently: a flood pushes out one for each CONNECT, overwhelmingly forged ones, and a
    // goodbye each would double what the server sends to spoofed addresses, and halve the
    // flood it withstands. A real client among them learns from ENet's own timeout.
    enet_peer_reset(pushedOut);
    if (free == nullptr || pushedOut < free) free = pushedOut;
  }
  if (free == nullptr) return {noRoom};  // every slot holds a connection or a goodbye
  host_.peerCount = std::max(host_.peerCount, slotOf(free) + 1);
  since_[slotOf(free)] = now;
  nextDue_ = std::min(nextDue_, now + limits_.timeout);
  return {ConnectVerdict::Pass, pushedOut != nullptr};
}

// Quietly, as its sender may be forged; but once ENet's answer went out (it waits among the
// sent reliable commands for its acknowledgement), a real client believes it is connected
// (ENet's client side connects on that answer), and is told it is not. At most maxInProgress
// such goodbyes go out per timeout.
void EnetHandshakeGuard::letGo(ENetPeer& peer) {
  if (!enet_list_empty(&peer.sentReliableCommands)) {
    auto goodbye = enetDisconnect(peer.outgoingPeerID, peer.outgoingSessionID,
                                  toWireCode(ReasonCode::TimedOut));
    ENetBuffer buffer{};
    buffer.data = goodbye.data();
    buffer.dataLength = goodbye.size();
    enet_socket_send(host_.socket, &peer.address, &buffer, 1);
  }
  enet_peer_reset(&peer);
}

std::size_t EnetHandshakeGuard::expire(TimePoint now) {
  if (now < nextDue_) return 0;
  nextDue_ = TimePoint::max();
  std::size_t expired = 0;
  for (std::size_t slot = 0; slot < host_.peerCount; ++slot) {
    ENetPeer& peer = host_.peers[slot];
    if (!handshaking(peer)) continue;
    const TimePoint due = since_[slot] + limits_.timeout;
    if (due <= now) {
      letGo(peer);
      ++expired;
    } else {
      nextDue_ = std::min(nextDue_, due);
    }
  }
  return expired;
}

// ENet visits every slot in view on each service (to send, to throttle); those past the last
// one in use are free, and the next CONNECT's admit brings one back when ENet needs it. One
// slot stays, as ENet's hosts always have one.
void EnetHandshakeGuard::trim() {
  while (host_.peerCount > 1 &&
         host_.peers[host_.peerCount - 1].state == ENET_PEER_STATE_DISCONNECTED) {
    --host_.peerCount;
  }
}

}  // namespace weft::net::detail
