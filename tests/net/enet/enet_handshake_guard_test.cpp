// EnetHandshakeGuard and EnetConnectRequest, without traffic: a host's peer slots are set the
// way ENet sets them when it takes a CONNECT, and the guard decides on the next one.
#include "net/enet/enet_handshake_guard.h"

#include <doctest/doctest.h>
#include <netinet/in.h>

#include "net/core/message_transport.h"
#include "net/enet/enet_datagram_check.h"
#include "net/enet/unique_enet_host.h"
#include "tests/net/enet/forged_connects.h"

namespace weft::net::detail {
namespace {

using namespace std::chrono_literals;
using weft::test::ForgedConnects;

constexpr EnetHandshakeLimits kLimits{.maxInProgress = 4, .maxPerAddress = 2, .timeout = 2s};

ENetAddress loopback(std::uint8_t host, std::uint16_t port) {
  return {htonl(0x7F000000u | host), port};
}

EnetConnectRequest request(const ENetAddress& from, std::uint32_t connectId) {
  return *readEnetConnect(ForgedConnects::connect(connectId), from);
}

struct Guarded {
  UniqueEnetHost host;
  EnetHandshakeGuard guard;
  TimePoint now{};

  Guarded() : host(made()), guard(*host.get(), kLimits) {}
  static UniqueEnetHost made() {
    auto created = UniqueEnetHost::create(nullptr, {.peers = 6});
    REQUIRE(created.ok());
    return std::move(*created);
  }

  // A CONNECT the guard lets through, taken as ENet takes it: ignored if it repeats one the
  // host holds, else into the first disconnected slot.
  ConnectDecision connect(const ENetAddress& from, std::uint32_t id, bool closed = false) {
    const ConnectDecision decision = guard.admit(request(from, id), closed, now);
    if (decision.verdict != ConnectVerdict::Pass || holds(id)) return decision;
    for (ENetPeer* peer = host->peers; peer < host->peers + host->peerCount; ++peer) {
      if (peer->state != ENET_PEER_STATE_DISCONNECTED) continue;
      peer->state = ENET_PEER_STATE_ACKNOWLEDGING_CONNECT;
      peer->address = from;
      peer->connectID = id;
      break;
    }
    return decision;
  }
  std::size_t handshaking() const {
    std::size_t count = 0;
    for (std::size_t i = 0; i < host->peerCount; ++i) {
      count += EnetHandshakeGuard::handshaking(host->peers[i]) ? 1 : 0;
    }
    return count;
  }
  bool holds(std::uint32_t id) const {
    for (std::size_t i = 0; i < host->peerCount; ++i) {
      if (host->peers[i].state != ENET_PEER_STATE_DISCONNECTED && host->peers[i].connectID == id) {
        return true;
      }
    }
    return false;
  }
  void complete(std::uint32_t id) {
    for (std::size_t i = 0; i < host->peerCount; ++i) {
      if (host->peers[i].connectID == id) host->peers[i].state = ENET_PEER_STATE_CONNECTED;
    }
  }
};

TEST_CASE("a CONNECT's fields are read as ENet reads them, and the refusal answers its sender") {
  const ENetAddress from = loopback(7, 4000);
  const auto connect = ForgedConnects::connect(0xABCD);
  const auto read = readEnetConnect(connect, from);
  REQUIRE(read.has_value());
  CHECK(read->connectId == 0xABCD);
  CHECK(read->replyPeerId == 0);
  CHECK(read->replySession == 0);  // a fresh client asks for session 0xFF: ENet answers in 0
  CHECK(read->channelCount == 4);
  auto truncated = std::span<const std::uint8_t>(connect).first(connect.size() - 1);
  CHECK_FALSE(readEnetConnect(truncated, from).has_value());

  const auto refusal = enetRefusal(*read, toWireCode(ReasonCode::ServerFull));
  REQUIRE(refusal.size() == 10);  // smaller than the 52-byte CONNECT: no amplification
  CHECK(refusal[0] == 0x00);      // peer 0, session 0, no sent time
  CHECK(refusal[1] == 0x00);
  CHECK(refusal[2] == (static_cast<unsigned>(ENET_PROTOCOL_COMMAND_DISCONNECT) |
                       static_cast<unsigned>(ENET_PROTOCOL_COMMAND_FLAG_UNSEQUENCED)));
  CHECK(refusal[3] == 0xFF);
  const std::uint32_t data =
      (std::uint32_t{refusal[6]} << 24) | (refusal[7] << 16) | (refusal[8] << 8) | refusal[9];
  CHECK(fromWireCode(data) == ReasonCode::ServerFull);
  // What the connecting client's host checks it against: its own live peer 0, not yet told a
  // session.
  EnetPeerSlot connecting{.live = true, .addressMatches = true, .channelCount = 0};
  CHECK(checkEnetDatagram(refusal, 1, connecting) == EnetDatagramVerdict::Plausible);
}

TEST_CASE("past the per-address limit a CONNECT is dropped, and takes nobody's place") {
  Guarded g;
  g.connect(loopback(2, 1), 1);
  g.now += 1ms;
  g.connect(loopback(3, 1), 2);
  g.now += 1ms;
  g.connect(loopback(2, 2), 3);
  g.now += 1ms;
  const ConnectDecision third = g.connect(loopback(2, 3), 4);
  CHECK(third.verdict == ConnectVerdict::Defer);
  CHECK_FALSE(third.pushedOut);
  CHECK(g.handshaking() == 3);
  g.complete(1);  // one of 127.0.0.2's is done: room for another from it
  CHECK(g.connect(loopback(2, 3), 4).verdict == ConnectVerdict::Pass);
}

TEST_CASE("past the total limit a CONNECT pushes out the oldest handshake, never a connection") {
  Guarded g;
  g.connect(loopback(2, 1), 1);
  g.complete(1);  // connected: it is no handshake any more
  for (std::uint32_t id = 2; id <= 5; ++id) {
    g.now += 1ms;
    CHECK_FALSE(g.connect(loopback(static_cast<std::uint8_t>(id + 1), 1), id).pushedOut);
  }
  CHECK(g.handshaking() == kLimits.maxInProgress);
  g.now += 1ms;
  CHECK(g.connect(loopback(20, 1), 6).pushedOut);
  CHECK(g.holds(1));
  CHECK_FALSE(g.holds(2));
  CHECK(g.handshaking() == kLimits.maxInProgress);
}

TEST_CASE("a resend of a CONNECT the host holds passes untouched, even to a closed server") {
  Guarded g;
  g.connect(loopback(2, 1), 1);
  g.connect(loopback(2, 2), 2);
  // At the per-address limit, yet nothing is pushed out for a CONNECT ENet will ignore.
  const ConnectDecision resend = g.connect(loopback(2, 1), 1, /*closed=*/true);
  CHECK(resend.verdict == ConnectVerdict::Pass);
  CHECK_FALSE(resend.pushedOut);
  CHECK(g.handshaking() == 2);
}

TEST_CASE("a closed server refuses, but not where a refusal could end a live peer") {
  Guarded g;
  g.connect(loopback(2, 1), 1);
  g.complete(1);
  CHECK(g.connect(loopback(3, 1), 2, /*closed=*/true).verdict == ConnectVerdict::Refuse);
  // Another CONNECT "from" the connected peer's address and port: a spoofer's way to make the
  // server tell that peer to go.
  CHECK(g.connect(loopback(2, 1), 3, /*closed=*/true).verdict == ConnectVerdict::Drop);
  CHECK(g.holds(1));
}

TEST_CASE("with every slot a connection, a CONNECT is refused") {
  Guarded g;
  for (std::uint32_t id = 1; id <= 6; ++id) {
    g.connect(loopback(static_cast<std::uint8_t>(id + 1), 1), id);
    g.complete(id);
  }
  CHECK(g.connect(loopback(30, 1), 7).verdict == ConnectVerdict::Refuse);
}

TEST_CASE("a CONNECT with a channel count ENet ignores passes without pushing anything out") {
  Guarded g;
  g.connect(loopback(2, 1), 1);
  g.connect(loopback(2, 2), 2);
  auto zeroChannels = request(loopback(2, 3), 3);
  zeroChannels.channelCount = 0;
  const ConnectDecision decision = g.guard.admit(zeroChannels, false, g.now);
  CHECK(decision.verdict == ConnectVerdict::Pass);
  CHECK_FALSE(decision.pushedOut);
  CHECK(g.handshaking() == 2);
}

TEST_CASE("handshakes expire after the timeout, each from its own start") {
  Guarded g;
  g.connect(loopback(2, 1), 1);
  g.now += 500ms;
  g.connect(loopback(3, 1), 2);
  g.connect(loopback(4, 1), 3);
  g.complete(3);
  CHECK(g.guard.expire(g.now + 1999ms - 500ms) == 0);
  CHECK(g.guard.expire(g.now + 1500ms) == 1);
  CHECK_FALSE(g.holds(1));
  CHECK(g.holds(2));
  CHECK(g.guard.expire(g.now + 2s) == 1);
  CHECK_FALSE(g.holds(2));
  CHECK(g.holds(3));  // a connection does not expire
}

TEST_CASE("ENet sees only the slots in use, and the free one a CONNECT will take") {
  Guarded g;
  CHECK(g.host->peerCount == 1);  // idle: each ENet service visits one slot, not six
  g.connect(loopback(2, 1), 1);
  g.connect(loopback(3, 1), 2);
  g.connect(loopback(4, 1), 3);
  CHECK(g.host->peerCount == 3);
  g.complete(3);
  CHECK(g.guard.expire(g.now + kLimits.timeout) == 2);
  g.guard.trim();
  CHECK(g.host->peerCount == 3);  // the connection in the third slot keeps the free two in view
  CHECK(g.connect(loopback(5, 1), 4).verdict == ConnectVerdict::Pass);
  CHECK(g.host->peers[0].connectID == 4);  // the first free slot, as ENet takes it
  CHECK(g.host->peerCount == 3);
  for (ENetPeer* peer = g.host->peers; peer < g.host->peers + g.host->peerCount; ++peer) {
    if (peer->connectID == 3) peer->state = ENET_PEER_STATE_DISCONNECTED;  // the connection left
  }
  g.guard.trim();
  CHECK(g.host->peerCount == 1);
}

TEST_CASE("a guard gone, ENet sees every slot again") {
  auto host = Guarded::made();
  {
    EnetHandshakeGuard guard(*host.get(), kLimits);
    CHECK(host->peerCount == 1);
  }
  CHECK(host->peerCount == 6);
}

}  // namespace
}  // namespace weft::net::detail
