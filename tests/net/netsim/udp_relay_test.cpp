// UdpRelay in-process on loopback: real UDP traffic through it (latency measured with the
// reactor's clock, loss with a seed, a live switch, one upstream socket per client, expiry,
// refused datagrams), and raw libenet hosts exchanging reliable messages through it with loss.

#include "net/netsim/udp_relay.h"

#include <doctest/doctest.h>
#include <enet/enet.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "tests/net/core/loopback.h"
#include "net/udp/datagram_protocol.h"

using namespace std::chrono_literals;
using weft::net::Address;
using weft::net::LinkConditions;
using weft::net::Reactor;
using weft::net::UdpRelay;
using weft::net::UdpRelayConfig;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;
using weft::test::quietConfig;

namespace {

struct Peer : weft::net::DatagramProtocol {
  std::vector<std::pair<std::string, Address>> received;
  bool echo = false;
  void datagramReceived(std::string_view data, const Address& from) override {
    received.emplace_back(std::string(data), from);
    if (echo) transport().write(data, from);
  }
};

weft::net::Endpoint loopbackUdp() {
  auto e = weft::net::parseServerEndpoint("udp:0:interface=127.0.0.1");
  REQUIRE(e.ok());
  return *e;
}

struct Rig {
  weft::net::SteadyClock clock;
  RecordingLogger log;
  Peer target;
  Peer client;
  Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<weft::net::UdpPort> targetPort;
  std::unique_ptr<weft::net::UdpPort> clientPort;
  std::unique_ptr<UdpRelay> relay;

  explicit Rig(UdpRelayConfig config = {}) {
    target.echo = true;
    auto t = listenUdp(reactor, loopbackUdp(), target);
    auto c = listenUdp(reactor, loopbackUdp(), client);
    REQUIRE((t.ok() && c.ok()));
    targetPort = std::move(*t);
    clientPort = std::move(*c);
    config.listen = loopbackUdp();
    config.target = targetPort->address();
    if (!config.seed) config.seed = 77;
    auto r = UdpRelay::start(reactor, config);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    relay = std::move(*r);
  }
  ~Rig() {
    relay.reset();
    clientPort.reset();
    targetPort.reset();
    CHECK(pumpUntil(reactor, [&] { return reactor.openHandles() == 0; }, 5s));
  }
  void send(std::string_view datagram) { client.transport().write(datagram, relay->address()); }
};

}  // namespace

TEST_CASE("datagrams go through the relay both ways, and the target sees the relay, not the client") {
  Rig rig;
  rig.send("hello");
  REQUIRE(pumpUntil(rig.reactor, [&] { return !rig.client.received.empty(); }));
  CHECK(rig.target.received[0].first == "hello");
  CHECK_FALSE(rig.target.received[0].second == rig.clientPort->address());
  CHECK(rig.client.received[0].first == "hello");
  CHECK(rig.client.received[0].second == rig.relay->address());
  const auto counters = rig.relay->counters();
  CHECK(counters.received == 2);
  CHECK(counters.forwarded == 2);
  CHECK(counters.clients == 1);
  CHECK(counters.summary() ==
        "clients 1 delayed 0 received 2 forwarded 2 dropped 0 duplicated 0 oversized 0 refused 0 expired 0");
}

TEST_CASE("latency through the relay, measured with the reactor's clock, is what was asked") {
  UdpRelayConfig config;
  config.toTarget.latency = 40ms;
  config.toClient.latency = 30ms;
  Rig rig(config);
  std::vector<double> roundTrips;
  for (int i = 0; i < 5; ++i) {
    const auto sent = rig.reactor.clock().now();
    rig.send("ping" + std::to_string(i));
    REQUIRE(pumpUntil(rig.reactor, [&] { return rig.client.received.size() == static_cast<std::size_t>(i + 1); }));
    roundTrips.push_back(std::chrono::duration<double, std::milli>(rig.reactor.clock().now() - sent).count());
  }
  for (double rtt : roundTrips) {
    CAPTURE(rtt);
    CHECK(rtt >= 70.0);
    CHECK(rtt < 70.0 + 250.0);  // room for a loaded machine; a pump waits at most 10 ms
  }
  MESSAGE("round trip through a 40 ms + 30 ms relay: ", roundTrips[0], " ms, ", roundTrips[4], " ms");
}

TEST_CASE("loss through the relay follows the model: a seeded 20% drops about a fifth") {
  UdpRelayConfig config;
  config.toTarget.lossPercent = 20;
  Rig rig(config);
  rig.target.echo = false;
  constexpr int kDatagrams = 1000;
  for (int batch = 0; batch < kDatagrams / 50; ++batch) {  // batches: no socket buffer overflows
    for (int i = 0; i < 50; ++i) rig.send(std::to_string(batch * 50 + i));
    const auto total = static_cast<std::uint64_t>((batch + 1) * 50);
    REQUIRE(pumpUntil(rig.reactor, [&] {
      const auto c = rig.relay->counters();
      return c.received == total && c.delayed == 0 && rig.target.received.size() == c.forwarded;
    }));
  }
  const auto counters = rig.relay->counters();
  MESSAGE("20% loss over 1000 datagrams: dropped ", counters.dropped);
  CHECK(counters.dropped + counters.forwarded == kDatagrams);
  CHECK(rig.target.received.size() == counters.forwarded);
  CHECK(counters.dropped >= 160);
  CHECK(counters.dropped <= 240);
}

TEST_CASE("conditions switch live: a cut link passes traffic again once restored") {
  UdpRelayConfig config;
  config.toTarget.lossPercent = 100;
  Rig rig(config);
  for (int i = 0; i < 20; ++i) rig.send("lost");
  pumpUntil(rig.reactor, [] { return false; }, 100ms);
  CHECK(rig.target.received.empty());
  CHECK(rig.relay->counters().dropped == 20);
  REQUIRE(rig.relay->setConditions({}, {}).ok());
  rig.send("through");
  REQUIRE(pumpUntil(rig.reactor, [&] { return !rig.client.received.empty(); }));
  CHECK(rig.client.received[0].first == "through");
  LinkConditions bad;
  bad.lossPercent = 101;
  auto refused = rig.relay->setConditions(bad, {});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "toward the target: loss 101% is not within 0-100%");
  CHECK(rig.relay->toTarget().lossPercent == 0);  // the old conditions stay
}

TEST_CASE("each client gets its own upstream socket, and answers go back to the right one") {
  Rig rig;
  Peer second;
  auto secondPort = listenUdp(rig.reactor, loopbackUdp(), second);
  REQUIRE(secondPort.ok());
  rig.send("first");
  second.transport().write("second", rig.relay->address());
  REQUIRE(pumpUntil(rig.reactor, [&] { return !rig.client.received.empty() && !second.received.empty(); }));
  CHECK(rig.client.received[0].first == "first");
  CHECK(second.received[0].first == "second");
  REQUIRE(rig.target.received.size() == 2);
  CHECK_FALSE(rig.target.received[0].second == rig.target.received[1].second);
  CHECK(rig.relay->counters().clients == 2);
  secondPort->reset();
}

TEST_CASE("oversized datagrams and clients past the limit are refused and counted") {
  UdpRelayConfig config;
  config.maxDatagramBytes = 100;
  config.maxClients = 1;
  Rig rig(config);
  rig.send(std::string(101, 'x'));
  rig.send(std::string(100, 'y'));
  REQUIRE(pumpUntil(rig.reactor, [&] { return !rig.client.received.empty(); }));
  CHECK(rig.client.received.size() == 1);
  CHECK(rig.client.received[0].first == std::string(100, 'y'));
  Peer second;
  auto secondPort = listenUdp(rig.reactor, loopbackUdp(), second);
  REQUIRE(secondPort.ok());
  second.transport().write("no room", rig.relay->address());
  REQUIRE(pumpUntil(rig.reactor, [&] { return rig.relay->counters().refused == 1; }));
  CHECK(rig.relay->counters().oversized == 1);
  CHECK(rig.target.received.size() == 1);
  secondPort->reset();
}

TEST_CASE("a client silent for the idle timeout is forgotten and its socket closed") {
  UdpRelayConfig config;
  config.idleTimeout = 200ms;
  Rig rig(config);
  rig.send("hi");
  REQUIRE(pumpUntil(rig.reactor, [&] { return !rig.client.received.empty(); }));
  const auto handles = rig.reactor.openHandles();
  REQUIRE(pumpUntil(rig.reactor, [&] { return rig.relay->counters().clients == 0; }, 5s));
  CHECK(rig.relay->counters().expired == 1);
  CHECK(rig.reactor.openHandles() == handles - 1);
  rig.send("back again");  // a new upstream socket, a new peer for the target
  REQUIRE(pumpUntil(rig.reactor, [&] { return rig.client.received.size() == 2; }));
}

TEST_CASE("bad settings are refused with a message naming them") {
  weft::net::SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  Peer holder;
  auto held = listenUdp(reactor, loopbackUdp(), holder);
  REQUIRE(held.ok());
  UdpRelayConfig config;
  config.target = Address::loopbackIPv4(9);
  config.listen = loopbackUdp();
  config.toClient.jitter = -1ms;
  auto relay = UdpRelay::start(reactor, config);
  REQUIRE_FALSE(relay.ok());
  CHECK(relay.error().message == "toward the client: jitter -1ms is negative");
  config.toClient = {};
  config.listen.port = (*held)->address().port();
  relay = UdpRelay::start(reactor, config);
  REQUIRE_FALSE(relay.ok());
  CHECK(relay.error().message.find("address already in use") != std::string::npos);
}

namespace {
// enet_initialize for raw-libenet tests (the library itself will own this through an RAII
// holder; here the test is the application).
struct EnetInit {
  EnetInit() { REQUIRE(enet_initialize() == 0); }
  ~EnetInit() { enet_deinitialize(); }
};
struct HostDeleter {
  void operator()(ENetHost* host) const { enet_host_destroy(host); }
};
using Host = std::unique_ptr<ENetHost, HostDeleter>;
}  // namespace

TEST_CASE("raw ENet hosts connect and exchange reliable messages through the relay with loss") {
  EnetInit enet;
  weft::net::SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));

  ENetAddress serverAddress{};
  enet_address_set_host(&serverAddress, "127.0.0.1");
  serverAddress.port = 0;
  Host server(enet_host_create(&serverAddress, 4, 2, 0, 0));
  REQUIRE(server);
  serverAddress.port = server->address.port;  // ENet fills in the bound port

  UdpRelayConfig config;
  config.listen = loopbackUdp();
  config.target = Address::loopbackIPv4(serverAddress.port);
  config.seed = 5;
  for (LinkConditions* c : {&config.toTarget, &config.toClient}) {
    c->latency = 5ms;
    c->jitter = 2ms;
    c->lossPercent = 10;
    c->duplicatePercent = 2;
  }
  auto relay = UdpRelay::start(reactor, config);
  REQUIRE(relay.ok());

  Host client(enet_host_create(nullptr, 1, 2, 0, 0));
  REQUIRE(client);
  ENetAddress relayAddress{};
  enet_address_set_host(&relayAddress, "127.0.0.1");
  relayAddress.port = (*relay)->address().port();
  ENetPeer* toServer = enet_host_connect(client.get(), &relayAddress, 2, 0);
  REQUIRE(toServer != nullptr);

  constexpr int kMessages = 100;
  bool clientConnected = false;
  std::vector<std::string> serverGot;
  std::vector<std::string> clientGot;
  int sent = 0;
  auto serviceAll = [&] {
    ENetEvent event;
    while (enet_host_service(server.get(), &event, 0) > 0) {
      if (event.type == ENET_EVENT_TYPE_RECEIVE) {
        serverGot.emplace_back(reinterpret_cast<char*>(event.packet->data), event.packet->dataLength);
        // Answer on channel 1, reliably.
        ENetPacket* reply = enet_packet_create(event.packet->data, event.packet->dataLength,
                                               ENET_PACKET_FLAG_RELIABLE);
        enet_peer_send(event.peer, 1, reply);
        enet_packet_destroy(event.packet);
      }
    }
    while (enet_host_service(client.get(), &event, 0) > 0) {
      if (event.type == ENET_EVENT_TYPE_CONNECT) clientConnected = true;
      if (event.type == ENET_EVENT_TYPE_RECEIVE) {
        clientGot.emplace_back(reinterpret_cast<char*>(event.packet->data), event.packet->dataLength);
        enet_packet_destroy(event.packet);
      }
    }
    if (clientConnected && sent < kMessages) {
      for (int i = 0; i < 10 && sent < kMessages; ++i, ++sent) {
        const std::string m = "reliable " + std::to_string(sent);
        enet_peer_send(toServer, 0, enet_packet_create(m.data(), m.size(), ENET_PACKET_FLAG_RELIABLE));
      }
    }
    enet_host_flush(client.get());
    enet_host_flush(server.get());
  };
  const bool done = pumpUntil(
      reactor,
      [&] {
        serviceAll();
        return clientGot.size() == kMessages;
      },
      30s);
  const auto counters = (*relay)->counters();
  MESSAGE("ENet through a 10%-loss relay: ", counters.summary());
  REQUIRE(done);
  std::vector<std::string> expected;
  for (int i = 0; i < kMessages; ++i) expected.push_back("reliable " + std::to_string(i));
  CHECK(serverGot == expected);
  CHECK(clientGot == expected);
  CHECK(counters.dropped > 0);  // the relay really did lose some, and ENet resent them
  CHECK(counters.clients == 1);
  enet_peer_reset(toServer);
}
