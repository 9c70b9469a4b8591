// UniqueEnetHost and its EnetPacketLedger, with two raw ENet hosts on loopback: a packet counts
// against its peer's slot from send until ENet frees it (sent unreliably, or acknowledged), and
// one ENet still holds when the host is destroyed is freed into a ledger that is still alive
// (the sanitizer build checks the last part).
#include "net/enet/unique_enet_host.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string_view>

namespace weft::test {
namespace {

using namespace std::chrono_literals;
using net::detail::UniqueEnetHost;

constexpr auto kDeadline = 5s;

UniqueEnetHost makeHost(const ENetAddress* bind) {
  auto host = UniqueEnetHost::create(bind, {.peers = 1, .channels = 1});
  REQUIRE_MESSAGE(host.ok(), host.error().message);
  return std::move(*host);
}

// Services both hosts, a bounded number of times, until `done`.
template <typename Done>
bool serviceUntil(UniqueEnetHost& a, UniqueEnetHost& b, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  ENetEvent event;
  for (int i = 0; i < 100'000 && std::chrono::steady_clock::now() < deadline; ++i) {
    for (ENetHost* host : {a.get(), b.get()}) {
      while (enet_host_service(host, &event, 0) > 0) {
        if (event.type == ENET_EVENT_TYPE_RECEIVE) enet_packet_destroy(event.packet);
      }
    }
    if (done()) return true;
  }
  return false;
}

UniqueEnetHost makeServer() {
  ENetAddress loopback{};
  enet_address_set_host_ip(&loopback, "127.0.0.1");
  return makeHost(&loopback);
}

// A client host connected to a server host.
struct Pair {
  UniqueEnetHost server = makeServer();
  UniqueEnetHost client = makeHost(nullptr);
  ENetPeer* peer = nullptr;

  Pair() {
    ENetAddress bound{};
    enet_socket_get_address(server->socket, &bound);
    peer = enet_host_connect(client.get(), &bound, 1, 0);
    REQUIRE(peer != nullptr);
    REQUIRE(serviceUntil(server, client, [&] { return peer->state == ENET_PEER_STATE_CONNECTED; }));
  }

  // Sends `size` bytes reliably on the client's peer, counted in its ledger.
  void send(std::size_t size) {
    ENetPacket* packet = enet_packet_create(nullptr, size, ENET_PACKET_FLAG_RELIABLE);
    client.ledger().track(packet, client.slotOf(peer));
    REQUIRE(enet_peer_send(peer, 0, packet) == 0);
  }
  std::size_t held() const { return client.ledger().held(client.slotOf(peer)); }
};

TEST_CASE("a reliable packet counts against its peer until its acknowledgement frees it") {
  Pair pair;
  pair.send(100);
  pair.send(20);
  CHECK(pair.held() == 120);
  enet_host_flush(pair.client.get());
  CHECK(pair.held() == 120);  // sent, but not acknowledged yet
  CHECK(serviceUntil(pair.server, pair.client, [&] { return pair.held() == 0; }));
}

TEST_CASE("a packet dropped before ENet takes it counts itself out at once") {
  Pair pair;
  ENetPacket* packet = enet_packet_create(nullptr, 64, ENET_PACKET_FLAG_RELIABLE);
  pair.client.ledger().track(packet, pair.client.slotOf(pair.peer));
  CHECK(pair.held() == 64);
  enet_packet_destroy(packet);
  CHECK(pair.held() == 0);
}

TEST_CASE("a moved host keeps its ledger, so packets in flight still find their counts") {
  Pair pair;
  pair.send(50);
  UniqueEnetHost moved = std::move(pair.client);
  CHECK(pair.client.get() == nullptr);
  CHECK(moved.ledger().held(moved.slotOf(pair.peer)) == 50);
  CHECK(serviceUntil(pair.server, moved,
                     [&] { return moved.ledger().held(moved.slotOf(pair.peer)) == 0; }));
}

// The ledger's own callback, wrapped to see that it ran (and when).
int freedPackets = 0;
void (*ledgerCallback)(ENetPacket*) = nullptr;
void countFree(ENetPacket* packet) {
  ++freedPackets;
  ledgerCallback(packet);
}

TEST_CASE("destroying a host frees the packets ENet still holds into its own, live ledger") {
  Pair pair;
  ENetPacket* packet = enet_packet_create(nullptr, 1000, ENET_PACKET_FLAG_RELIABLE);
  pair.client.ledger().track(packet, pair.client.slotOf(pair.peer));
  ledgerCallback = packet->freeCallback;
  packet->freeCallback = countFree;
  REQUIRE(enet_peer_send(pair.peer, 0, packet) == 0);  // queued, never flushed
  freedPackets = 0;
  { UniqueEnetHost gone = std::move(pair.client); }
  CHECK(freedPackets == 1);  // inside enet_host_destroy, counting down the ledger it still had
}

}  // namespace
}  // namespace weft::test
