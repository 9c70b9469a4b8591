// ENet inside the reactor, over loopback: connecting, messages on channels, byte-stream
// protocols on channel 0, disconnect reasons, refusals, timeouts, reconnects, and what an
// idle host costs.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/core/connector.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/netsim/udp_relay.h"
#include "net/protocols/reconnecting_client_factory.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"
#include "tests/net/enet/enet_support.h"

namespace weft::test {
namespace {

using weft::testing::pumpUntil;
using namespace std::chrono_literals;

struct Fixture {
  weft::testing::RecordingLogger log;
  net::SteadyClock clock;
  MessageServerFactory serverFactory;
  MessageClientFactory clientFactory;
  MessageClientFactory late;  // a second client; factories are declared before the reactor
  net::Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<net::Port> port;
  std::unique_ptr<net::Connector> connector;

  explicit Fixture(net::Endpoint server = enetServer()) {
    auto listening = reactor.listen(server, serverFactory);
    REQUIRE_MESSAGE(listening.ok(), listening.error().message);
    port = std::move(*listening);
  }
  void connect() {
    connector = reactor.connect(enetClient(port->address()), clientFactory);
    REQUIRE(pumpUntil(reactor, [&] {
      return !clientFactory.records.empty() && clientFactory.records[0].made &&
             !serverFactory.records.empty() && serverFactory.records[0].made;
    }));
  }
  ContractSide& client() { return clientFactory.records.back(); }
  ContractSide& server() { return serverFactory.records.back(); }
};

TEST_CASE("an ENet client and server exchange messages on channels, in order per channel") {
  Fixture f;
  f.connect();
  CHECK(f.connector->state() == net::Connector::State::Connected);
  CHECK(f.client().messages().channelCount() == net::EnetOptions::kDefaultChannels);
  CHECK(f.client().protocol->transport().peer().port() == f.port->address().port());

  constexpr int kCount = 500;
  for (int i = 0; i < kCount; ++i) {
    f.client().send(static_cast<std::uint8_t>(i % 3), "m" + std::to_string(i));
  }
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == kCount; }));
  std::vector<int> last(3, -1);
  for (const ReceivedMessage& m : f.server().received) {
    const int n = std::stoi(m.bytes.substr(1));
    CHECK(m.channel == n % 3);
    CHECK(n > last[m.channel]);  // reliable: in order within the channel
    last[m.channel] = n;
  }

  // Unreliable and unsequenced messages arrive too on a loss-free loopback, on their channel.
  f.server().send(1, "snapshot", net::Delivery::Unreliable);
  f.server().send(2, "input", net::Delivery::Unsequenced);
  REQUIRE(pumpUntil(f.reactor, [&] { return f.client().received.size() == 2; }));
  CHECK(f.client().received[0] == ReceivedMessage{1, "snapshot"});
  CHECK(f.client().received[1] == ReceivedMessage{2, "input"});
}

TEST_CASE("large and empty messages cross ENet whole") {
  Fixture f;
  f.connect();
  std::string big(200 * 1024, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  f.client().send(0, big);
  f.client().send(0, "");
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == 2; }));
  CHECK(f.server().received[0].bytes == big);
  CHECK(f.server().received[1].bytes.empty());
}

TEST_CASE("a plain Protocol rides ENet as a byte stream on channel 0") {
  weft::testing::RecordingLogger log;
  net::SteadyClock clock;
  RecorderFactory serverFactory;
  serverFactory.configure = [](Record& r) { r.echo = true; };
  RecorderClientFactory clientFactory;
  clientFactory.configure = [](Record& r) { r.greeting = "hello over enet"; };
  net::Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(enetServer(), serverFactory);
  REQUIRE(port.ok());
  auto connector = reactor.connect(enetClient((*port)->address()), clientFactory);
  REQUIRE(pumpUntil(reactor, [&] {
    return !clientFactory.records.empty() && clientFactory.records[0].received == "hello over enet";
  }));
  CHECK(serverFactory.records[0].received == "hello over enet");
}

TEST_CASE("disconnect(code): queued reliable messages arrive first, then the peer reads the code") {
  Fixture f;
  f.connect();
  for (int i = 0; i < 100; ++i) f.server().send(0, "last words " + std::to_string(i));
  f.server().messages().disconnect(net::ReasonCode::Kicked);
  CHECK(f.server().protocol->transport().disconnecting());
  f.server().send(0, "ignored after disconnect");
  REQUIRE(pumpUntil(f.reactor, [&] { return f.client().lost && f.server().lost; }));
  CHECK(f.client().received.size() == 100);
  CHECK(f.client().received.back().bytes == "last words 99");
  CHECK(f.client().lost->code == net::ReasonCode::Kicked);
  CHECK(f.client().lost->sentence() == "Kicked by the server: the other side disconnected");
  CHECK(f.server().lost->code == net::ReasonCode::Kicked);
  REQUIRE(f.clientFactory.lost.size() == 1);
  CHECK(f.clientFactory.lost[0].code == net::ReasonCode::Kicked);
  CHECK(f.connector->state() == net::Connector::State::Disconnected);
}

TEST_CASE("abort closes this side at once and the peer hears the connection was lost") {
  Fixture f;
  f.connect();
  f.client().messages().abort();
  REQUIRE(pumpUntil(f.reactor, [&] { return f.client().lost && f.server().lost; }));
  CHECK(f.client().lost->code == net::ReasonCode::Aborted);
  CHECK(f.server().lost->code == net::ReasonCode::ConnectionLost);
}

TEST_CASE("a full ENet server tells the latecomer it is full, and keeps serving the others") {
  Fixture f(enetServer(/*peers=*/1));
  f.connect();
  auto& late = f.late;
  auto lateConnector = f.reactor.connect(enetClient(f.port->address()), late);
  REQUIRE(pumpUntil(f.reactor, [&] { return !late.lost.empty() || !late.failed.empty(); }));
  // Refused at its CONNECT: the attempt fails with the server's reason, no connection made.
  REQUIRE(late.failed.size() == 1);
  CHECK(late.lost.empty());
  CHECK(late.failed[0].code == net::ReasonCode::ServerFull);
  CHECK(late.failed[0].sentence() ==
        "The server is full: refused by the ENet server at " + f.port->address().toString());
  CHECK(f.port->counters().connectionsRefused == 1);
  CHECK(f.serverFactory.records.size() == 1);

  f.client().send(0, "still here");
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.server().received.empty(); }));
}

TEST_CASE(
    "garbage, truncated and oversized datagrams are counted and dropped; the server keeps "
    "serving") {
  Fixture f;
  f.connect();
  const int junkSocket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(junkSocket >= 0);
  const net::Address to = f.port->address();
  auto sendJunk = [&](std::string_view bytes) {
    REQUIRE(::sendto(junkSocket, bytes.data(), bytes.size(), 0, to.sockaddrPointer(),
                     to.sockaddrLength()) == static_cast<ssize_t>(bytes.size()));
  };
  sendJunk("x");                                         // shorter than any header
  sendJunk(std::string("\x0f\xff\x06\x00\x00\x01", 6));  // a send to no peer, before connecting
  sendJunk(std::string("\x00\x00\x06\x00\x00\x01\x00\x40hi", 10));  // peer 0, not from its address
  sendJunk(std::string(5000, 'z'));  // longer than ENet's receive buffer
  sendJunk("GET / HTTP/1.0\r\n\r\n");
  f.client().send(0, "after the junk");
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.server().received.empty(); }));
  REQUIRE(pumpUntil(f.reactor, [&] { return f.port->counters().datagramsDropped == 5; }));
  CHECK(f.server().received[0].bytes == "after the junk");
  CHECK_FALSE(f.server().lost.has_value());
  ::close(junkSocket);
}

TEST_CASE(
    "weft's ENet through the in-process UdpRelay: lossy, jittered, duplicated, still exactly once "
    "in order") {
  Fixture f;
  net::UdpRelayConfig config;
  config.listen = *net::parseServerEndpoint("udp:0:interface=127.0.0.1");
  config.target = f.port->address();
  config.toTarget = {.latency = 5ms, .jitter = 3ms, .lossPercent = 10, .duplicatePercent = 5};
  config.toClient = config.toTarget;
  config.seed = 2026;
  auto relay = net::UdpRelay::start(f.reactor, config);
  REQUIRE_MESSAGE(relay.ok(), relay.error().message);
  f.connector = f.reactor.connect(enetClient((*relay)->address()), f.clientFactory);
  REQUIRE(pumpUntil(
      f.reactor,
      [&] {
        return !f.clientFactory.records.empty() && f.client().made &&
               !f.serverFactory.records.empty() && f.server().made;
      },
      20s));
  constexpr int kCount = 300;
  for (int i = 0; i < kCount; ++i) f.client().send(0, std::to_string(i));
  REQUIRE(pumpUntil(
      f.reactor, [&] { return f.server().received.size() >= kCount; }, 30s));
  REQUIRE(f.server().received.size() == kCount);
  for (int i = 0; i < kCount; ++i)
    CHECK(f.server().received[static_cast<std::size_t>(i)].bytes == std::to_string(i));
  const net::UdpRelayCounters counters = (*relay)->counters();
  CHECK(counters.dropped > 0);     // the relay did lose datagrams...
  CHECK(counters.duplicated > 0);  // ...and duplicate some, and ENet repaired both
  // Live switch: a clean link from now on.
  REQUIRE((*relay)->setConditions({}, {}).ok());
  f.server().send(1, "clean now");
  REQUIRE(pumpUntil(
      f.reactor, [&] { return !f.client().received.empty(); }, 10s));
  CHECK(f.client().received.back() == ReceivedMessage{1, "clean now"});
}

TEST_CASE("a server factory that refuses gives the client RefusedByFactory") {
  Fixture f;
  f.serverFactory.refuse = true;
  f.connector = f.reactor.connect(enetClient(f.port->address()), f.clientFactory);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clientFactory.lost.empty(); }));
  CHECK(f.clientFactory.lost[0].code == net::ReasonCode::RefusedByFactory);
}

TEST_CASE("connecting where no ENet server answers fails after the endpoint's timeout") {
  weft::testing::RecordingLogger log;
  net::SteadyClock clock;
  MessageClientFactory factory;
  net::Reactor reactor(clock, quietConfig(log));
  // A port just released by a UDP socket: nothing answers there.
  std::uint16_t quietPort;
  {
    MessageServerFactory unused;
    auto port = reactor.listen(enetServer(), unused);
    REQUIRE(port.ok());
    quietPort = (*port)->address().port();
  }
  REQUIRE(pumpUntil(reactor, [&] { return reactor.openHandles() == 0; }));
  auto endpoint =
      net::parseClientEndpoint("enet:127.0.0.1:" + std::to_string(quietPort) + ":timeout=0.3");
  REQUIRE(endpoint.ok());
  auto connector = reactor.connect(*endpoint, factory);
  REQUIRE(pumpUntil(reactor, [&] { return !factory.failed.empty(); }));
  CHECK(factory.failed[0].code == net::ReasonCode::TimedOut);
  CHECK(factory.failed[0].sentence().find("within 0.3") != std::string::npos);
  REQUIRE(pumpUntil(reactor, [&] { return reactor.openHandles() == 0; }));
}

TEST_CASE("ReconnectingClientFactory reconnects an ENet session that was dropped") {
  struct Client : net::ReconnectingClientFactory {
    static net::ReconnectPolicy quick() {
      net::ReconnectPolicy policy;
      policy.initialDelay = std::chrono::milliseconds(50);
      policy.seed = 7;
      return policy;
    }
    Client() : ReconnectingClientFactory(quick()) {}
    MessageClientFactory inner;
    std::unique_ptr<net::Protocol> buildProtocol(const net::Address& a) override {
      resetDelay();
      return inner.buildProtocol(a);
    }
  } client;  // before the reactor, which it outlives
  Fixture f;
  auto connector = f.reactor.connect(enetClient(f.port->address()), client);
  REQUIRE(
      pumpUntil(f.reactor, [&] { return f.serverFactory.records.size() == 1 && f.server().made; }));
  f.server().messages().abort();
  REQUIRE(
      pumpUntil(f.reactor, [&] { return f.serverFactory.records.size() == 2 && f.server().made; }));
  REQUIRE(pumpUntil(
      f.reactor, [&] { return client.inner.records.size() == 2 && client.inner.records[1].made; }));
  client.inner.records[1].send(0, "back again");
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.server().received.empty(); }));
  CHECK(f.server().received[0].bytes == "back again");
  client.stopTrying();
}

TEST_CASE("a producer over ENet is paused above the high-water mark and resumed as acks drain it") {
  Fixture f;
  f.connect();
  struct Flood : net::Producer {
    net::MessageProtocol* out = nullptr;
    bool paused = false;
    int pauses = 0, resumes = 0, sent = 0;
    void pauseProducing() override {
      paused = true;
      ++pauses;
    }
    void resumeProducing() override {
      paused = false;
      ++resumes;
    }
    void fill(int limit) {
      while (!paused && sent < limit)
        out->send(0, std::string(1000, static_cast<char>('a' + sent++ % 26)));
    }
  } flood;
  flood.out = f.server().protocol;
  f.server().protocol->transport().registerProducer(flood);
  constexpr int kMessages = 2000;
  flood.fill(kMessages);
  CHECK(flood.paused);
  CHECK(flood.sent < kMessages);
  CHECK(f.server().protocol->transport().bufferedBytes() > f.reactor.config().writeHighWater);
  REQUIRE(pumpUntil(
      f.reactor,
      [&] {
        flood.fill(kMessages);
        return static_cast<int>(f.client().received.size()) == kMessages;
      },
      std::chrono::seconds(20)));
  CHECK(flood.resumes >= 1);
  REQUIRE(
      pumpUntil(f.reactor, [&] { return f.server().protocol->transport().bufferedBytes() == 0; }));
  f.server().protocol->transport().unregisterProducer();
}

TEST_CASE(
    "pauseReading holds ENet messages back until resumeReading, then delivers them in order") {
  const auto message = [](int i) {
    return ReceivedMessage{static_cast<std::uint8_t>(i % 2), "held " + std::to_string(i)};
  };
  Fixture f;
  f.connect();
  f.server().protocol->transport().pauseReading();
  for (int i = 0; i < 5; ++i) f.client().send(message(i).channel, message(i).bytes);
  // Acknowledged by the server's ENet, so received there: held by the connection, not lost.
  REQUIRE(pumpUntil(f.reactor, [&] { return f.client().messages().stats().queuedBytes == 0; }));
  CHECK(f.server().received.empty());

  f.server().protocol->transport().resumeReading();
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == 5; }));
  for (int i = 0; i < 5; ++i) {
    CHECK(f.server().received[i] == message(i));
  }
}

TEST_CASE("stats count traffic, ENet's RTT, and nothing left queued once acknowledged") {
  Fixture f;
  f.connect();
  for (int i = 0; i < 20; ++i) f.client().send(0, std::string(100, 'x'));
  REQUIRE(pumpUntil(f.reactor, [&] {
    return f.server().received.size() == 20 &&
           f.client().protocol->transport().bufferedBytes() == 0;
  }));
  net::NetStats sent = f.client().messages().stats();
  CHECK(sent.totals.bytesSent == 2000);
  CHECK(sent.totals.packetsSent == 20);
  CHECK(sent.queuedBytes == 0);
  CHECK(sent.rtt > net::Duration::zero());  // ENet starts from 500 ms and learns loopback's
  net::NetStats received = f.server().messages().stats();
  CHECK(received.totals.bytesReceived == 2000);
  CHECK(received.totals.packetsReceived == 20);
}

TEST_CASE("an idle ENet host schedules nothing; one with a peer is serviced until it leaves") {
  Fixture f;
  CHECK(f.reactor.scheduler().pendingCount() == 0);
  f.connect();
  CHECK(f.reactor.scheduler().pendingCount() > 0);
  f.client().messages().disconnect();
  REQUIRE(pumpUntil(f.reactor,
                    [&] { return f.server().lost.has_value() && f.client().lost.has_value(); }));
  REQUIRE(pumpUntil(f.reactor, [&] { return f.reactor.scheduler().pendingCount() == 0; }));
  CHECK(f.reactor.openHandles() == 1);  // the listening host; the client's host closed
}

TEST_CASE("stopListening refuses newcomers but keeps the connections it has") {
  Fixture f;
  f.connect();
  f.port->stopListening();
  auto& late = f.late;
  auto lateConnector = f.reactor.connect(enetClient(f.port->address()), late);
  REQUIRE(pumpUntil(f.reactor, [&] { return !late.lost.empty() || !late.failed.empty(); }));
  REQUIRE(late.failed.size() == 1);
  CHECK(late.failed[0].code == net::ReasonCode::ShuttingDown);
  f.client().send(0, "still connected");
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.server().received.empty(); }));
}

TEST_CASE("destroying the reactor tells ENet protocols it is shutting down") {
  MessageServerFactory serverFactory;
  MessageClientFactory clientFactory;
  {
    weft::testing::RecordingLogger log;
    net::SteadyClock clock;
    net::Reactor reactor(clock, quietConfig(log));
    auto port = reactor.listen(enetServer(), serverFactory);
    REQUIRE(port.ok());
    auto connector = reactor.connect(enetClient((*port)->address()), clientFactory);
    REQUIRE(pumpUntil(
        reactor, [&] { return !serverFactory.records.empty() && serverFactory.records[0].made; }));
    connector.reset();  // the client aborts
    REQUIRE(pumpUntil(reactor, [&] { return serverFactory.records[0].lost.has_value(); }));
    auto second = reactor.connect(enetClient((*port)->address()), clientFactory);
    REQUIRE(pumpUntil(reactor, [&] {
      return serverFactory.records.size() == 2 && serverFactory.records[1].made;
    }));
  }
  REQUIRE(serverFactory.records[1].lost.has_value());
  CHECK(serverFactory.records[1].lost->code == net::ReasonCode::ShuttingDown);
  // The client's Connector, declared after the reactor, went first and aborted its side.
  CHECK(clientFactory.records[1].lost->code == net::ReasonCode::Aborted);
}

}  // namespace
}  // namespace weft::test
