// EnetHandshakeGuard: an ENet server's defence against forged CONNECTs (ENet's SYN flood). It
// sees every CONNECT before ENet does and keeps the handshakes in progress within
// EnetHandshakeLimits — past the per-address limit a CONNECT is dropped, past the total one
// the oldest handshake is pushed out for it — expires those that do not complete, and says
// which CONNECTs to answer with a refusal instead, so a server that takes nobody more tells
// every latecomer at once without giving it a slot.
// Internal. Tests: tests/net/enet/enet_handshake_guard_test.cpp,
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
  Drop,    // swallow it unanswered: past the per-address limit (its sender resends), or where a
           // refusal could end a live peer at the same address and port
};

struct ConnectDecision {
  ConnectVerdict verdict = ConnectVerdict::Pass;
  bool pushedOut = false;  // an older handshake was pushed out to make room for this one
};

class EnetHandshakeGuard {
 public:
  // For a host with `slots` ENet peers (the stamps it keeps, one a slot).
  EnetHandshakeGuard(const EnetHandshakeLimits& limits, std::size_t slots);

  // A CONNECT arrived for `host`, before ENet parses it. `closed`: the server takes no more
  // connections now (full, or no longer listening). One pass over the host's peers, the same
  // pass ENet's own CONNECT handling makes.
  ConnectDecision admit(ENetHost& host, const EnetConnectRequest& request, bool closed,
                        TimePoint now);
  // Drops the handshakes older than the timeout; returns how many. Costs nothing until the
  // oldest could be due.
  std::size_t expire(ENetHost& host, TimePoint now);

  // Whether `peer` is mid-handshake: what the limits count, and what may be pushed out.
  static bool handshaking(const ENetPeer& peer) {
    return peer.state == ENET_PEER_STATE_ACKNOWLEDGING_CONNECT ||
           peer.state == ENET_PEER_STATE_CONNECTING;
  }

 private:
  static void letGo(ENetHost& host, ENetPeer& peer);

  EnetHandshakeLimits limits_;
  std::vector<TimePoint> since_;          // per slot: when its handshake began
  TimePoint nextDue_ = TimePoint::max();  // no handshake can expire before this
};

}  // namespace weft::net::detail
