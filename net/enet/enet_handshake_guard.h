// EnetHandshakeGuard: an ENet server's defence against forged CONNECTs (ENet's SYN flood). It
// sees every CONNECT before ENet does and keeps the handshakes in progress within
// EnetHandshakeLimits — past the per-address limit a CONNECT is left unanswered, past the total
// one the oldest handshake is pushed out for it — expires those that do not complete, and says
// which CONNECTs to answer with a refusal instead, so a server that takes nobody more tells
// every latecomer at once without giving it a slot. It also keeps ENet's view of the host's
// slots to those in use, so the spare ones cost no ENet service anything until a flood fills
// them. Internal. Tests: tests/net/enet/enet_handshake_guard_test.cpp,
// tests/net/enet/enet_handshake_test.cpp
#pragma once

#include <enet/enet.h>

#include <cstdint>
#include <vector>

#include "net/core/clock.h"
#include "net/enet/enet_connect_request.h"
#include "net/enet/enet_handshake_limits.h"

namespace weft::net::detail {

enum class ConnectVerdict : std::uint8_t {
  Pass,    // ENet takes it: a new handshake, or a resend or bad CONNECT ENet ignores itself
  Refuse,  // answer it with a refusal (enetRefusal); ENet never sees it
  Drop,    // a closed server swallows it unanswered: a refusal could end a live peer at the same
           // address and port
  Defer,   // swallow it unanswered: its address is at the per-address limit, and its sender, if
           // real, resends it
};

struct ConnectDecision {
  ConnectVerdict verdict = ConnectVerdict::Pass;
  bool pushedOut = false;  // an older handshake was pushed out to make room for this one
};

class EnetHandshakeGuard {
 public:
  // Guards `host`, which must outlive it, and from now on shows ENet only the slots in use
  // (ENetHost::peerCount; all of them again when the guard goes).
  EnetHandshakeGuard(ENetHost& host, const EnetHandshakeLimits& limits);
  ~EnetHandshakeGuard();
  EnetHandshakeGuard(const EnetHandshakeGuard&) = delete;
  EnetHandshakeGuard& operator=(const EnetHandshakeGuard&) = delete;

  // A CONNECT arrived, before ENet parses it. `closed`: the server takes no more connections now
  // (full, or no longer listening). One pass over the slots in use, the same pass ENet's own
  // CONNECT handling makes; a CONNECT that passes finds the slot ENet will give it in view.
  ConnectDecision admit(const EnetConnectRequest& request, bool closed, TimePoint now);
  // Drops the handshakes older than the timeout, telling those ENet answered; returns how many.
  // Costs nothing until the oldest could be due.
  std::size_t expire(TimePoint now);
  // Takes the free slots at the end out of ENet's view. Call outside ENet's service.
  void trim();

  // Whether `peer` is mid-handshake: what the limits count, and what may be pushed out.
  static bool handshaking(const ENetPeer& peer) {
    return peer.state == ENET_PEER_STATE_ACKNOWLEDGING_CONNECT ||
           peer.state == ENET_PEER_STATE_CONNECTING;
  }

 private:
  void letGo(ENetPeer& peer);
  std::size_t slotOf(const ENetPeer* peer) const {
    return static_cast<std::size_t>(peer - host_.peers);
  }

  ENetHost& host_;
  EnetHandshakeLimits limits_;
  std::size_t slots_;                     // the host's slots, in view or not
  std::vector<TimePoint> since_;          // per slot: when its handshake began
  TimePoint nextDue_ = TimePoint::max();  // no handshake can expire before this
};

}  // namespace weft::net::detail
