// An ENet server under forged CONNECTs (ENet's SYN flood) and past its peer limit, on loopback:
// real clients still get in while the flood lasts, forged handshakes go after their timeout or
// for newer ones, and every latecomer to a full server hears ServerFull at once.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "net/core/connector.h"
#include "net/core/looping_call.h"
#include "net/core/message_transport.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/enet/enet_config.h"
#include "net/testing/manual_clock.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"
#include "tests/net/enet/enet_support.h"
#include "tests/net/enet/forged_connects.h"

namespace weft::test {
namespace {

using weft::testing::pumpUntil;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

double millisecondsSince(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

struct Server {
  weft::testing::RecordingLogger log;
  MessageServerFactory factory;
  net::Reactor reactor;
  std::unique_ptr<net::Port> port;

  Server(net::Clock& clock, int peers, net::EnetHandshakeLimits limits = {})
      : reactor(clock, configured(log, limits)) {
    auto listening = reactor.listen(enetServer(peers), factory);
    REQUIRE_MESSAGE(listening.ok(), listening.error().message);
    port = std::move(*listening);
  }
  net::ListenerCounters counters() const { return port->counters(); }

  static net::ReactorConfig configured(weft::testing::RecordingLogger& log,
                                       const net::EnetHandshakeLimits& limits) {
    net::ReactorConfig config = quietConfig(log);
    config.transports.set(net::EnetConfig{.handshakes = limits});
    return config;
  }
};

bool connected(const MessageClientFactory& client) {
  return !client.records.empty() && client.records.back().made;
}

TEST_CASE("a real client connects while forged CONNECTs from 160 sources flood the server") {
  net::SteadyClock clock;
  MessageClientFactory real;          // outlives the reactor, which holds its connection
  Server server(clock, /*peers=*/8);  // with the default limits, which every server gets
  // 80 addresses, 2 ports each, a new CONNECT from each every 10 ms: 16,000 a second, more
  // within a second than the server keeps handshakes for (EnetHandshakeLimits::maxInProgress),
  // and each round fewer, so one landing mid-way through the real client's handshake (its
  // round trip, or a stall of this process) cannot push that out.
  ForgedConnects flood(80, 2);
  constexpr auto kRoundEvery = 10ms;
  REQUIRE(flood.sources() < net::EnetHandshakeLimits{}.maxInProgress / 2);
  net::LoopingCall rounds(server.reactor.scheduler(),
                          [&] { flood.sendRound(server.port->address()); });
  REQUIRE(rounds.start(kRoundEvery).ok());
  const Steady::time_point floodStart = Steady::now();
  REQUIRE(pumpUntil(server.reactor, [&] { return millisecondsSince(floodStart) >= 300; }));
  CHECK(server.counters().handshakesPushedOut > 0);  // the flood fills the handshakes

  const Steady::time_point start = Steady::now();
  auto connector = server.reactor.connect(enetClient(server.port->address()), real);
  auto bothSides = [&] { return connected(real) && server.factory.records.size() == 1; };
  REQUIRE_MESSAGE(pumpUntil(server.reactor, bothSides, 5s),
                  "no real client got in during the flood: ", flood.sent(), " CONNECTs sent");
  const double connectMs = millisecondsSince(start);
  real.records.back().send(0, "through the flood");
  REQUIRE(pumpUntil(server.reactor, [&] { return !server.factory.records[0].received.empty(); }));
  server.factory.records[0].send(0, "and back");
  REQUIRE(pumpUntil(server.reactor, [&] { return !real.records.back().received.empty(); }));
  const double exchangedMs = millisecondsSince(start);
  const double floodSeconds = millisecondsSince(floodStart) / 1000;
  MESSAGE("during a flood of ", static_cast<int>(static_cast<double>(flood.sent()) / floodSeconds),
          " forged CONNECTs/s a real client connected in ", connectMs, " ms and had its answer in ",
          exchangedMs, " ms");
  rounds.stop();
  CHECK(real.records.back().received[0].bytes == "and back");
  CHECK(real.lost.empty());
  CHECK(server.factory.records.size() == 1);  // no forged CONNECT became a connection
  const net::ListenerCounters counters = server.counters();
  MESSAGE(flood.sent(), " forged CONNECTs: ", counters.handshakesPushedOut, " pushed out, ",
          counters.handshakesTimedOut, " timed out");
  // Every forged handshake but those still kept went for a newer one or timed out.
  CHECK(counters.handshakesPushedOut + counters.handshakesTimedOut +
            net::EnetHandshakeLimits{}.maxInProgress >=
        flood.sent());
}

// The limits the next tests count against.
constexpr std::size_t kInProgress = 64;
constexpr std::size_t kPerAddress = 16;
constexpr net::EnetHandshakeLimits kLimits{
    .maxInProgress = kInProgress, .maxPerAddress = kPerAddress, .timeout = 2s};

TEST_CASE(
    "forged handshakes go after the handshake timeout, and the idle host then costs nothing") {
  weft::testing::ManualClock clock;
  Server server(clock, /*peers=*/8, kLimits);
  ForgedConnects flood(80, 1);
  REQUIRE(flood.sendRound(server.port->address()) == 80);
  // The newest 64 are kept; each of the 16 before them was pushed out by a newer one.
  REQUIRE(pumpUntil(server.reactor, [&] { return server.counters().handshakesPushedOut == 16; }));
  const net::Duration timeout = kLimits.timeout;
  clock.advance(timeout - 50ms);
  server.reactor.pump(net::Duration::max());
  CHECK(server.counters().handshakesTimedOut == 0);
  clock.advance(100ms);
  server.reactor.pump(net::Duration::max());
  CHECK(server.counters().handshakesTimedOut == kInProgress);
  // No peer left: the host schedules no service tick any more.
  clock.advance(100ms);
  CHECK(server.reactor.scheduler().pendingCount() == 0);
}

TEST_CASE("one address flooding gets only its share of the handshakes") {
  weft::testing::ManualClock clock;
  Server server(clock, /*peers=*/8, kLimits);
  ForgedConnects one(1, 40, /*firstHost=*/2);     // 127.0.0.2, 40 ports
  ForgedConnects others(20, 1, /*firstHost=*/3);  // 127.0.0.3 ... 127.0.0.22
  REQUIRE(others.sendRound(server.port->address()) == 20);
  REQUIRE(one.sendRound(server.port->address()) == 40);
  // Past its 16, 127.0.0.2's CONNECTs are left unanswered; nobody else's goes for them.
  REQUIRE(pumpUntil(server.reactor,
                    [&] { return server.counters().handshakesDeferred == 40 - kPerAddress; }));
  clock.advance(kLimits.timeout);
  server.reactor.pump(net::Duration::max());
  CHECK(server.counters().handshakesTimedOut == 20 + kPerAddress);
  CHECK(server.counters().handshakesPushedOut == 0);
}

TEST_CASE("a client dropped after the server answered its CONNECT is told it timed out") {
  weft::testing::ManualClock clock;
  Server server(clock, /*peers=*/8, kLimits);
  ForgedConnects client(1, 1, /*firstHost=*/9);  // a client that reads, and never acknowledges
  REQUIRE(client.sendRound(server.port->address()) == 1);
  auto commandOf = [](const std::vector<std::uint8_t>& datagram) {
    const bool sentTime =
        (datagram.at(0) << 8 | datagram.at(1)) & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME;
    return datagram.at(sentTime ? 4 : 2) & ENET_PROTOCOL_COMMAND_MASK;
  };
  std::optional<std::vector<std::uint8_t>> answer;
  REQUIRE(pumpUntil(server.reactor, [&] { return (answer = client.receive(0)).has_value(); }));
  REQUIRE(commandOf(*answer) == ENET_PROTOCOL_COMMAND_VERIFY_CONNECT);
  // ENet's client side counts itself connected from this answer on: dropping the handshake
  // silently would leave a real client talking to nobody until its own timeout.
  clock.advance(kLimits.timeout);
  std::optional<std::vector<std::uint8_t>> goodbye;
  REQUIRE(pumpUntil(server.reactor, [&] {
    while ((goodbye = client.receive(0)) &&
           commandOf(*goodbye) == ENET_PROTOCOL_COMMAND_VERIFY_CONNECT) {
    }
    return goodbye.has_value();
  }));
  CHECK(commandOf(*goodbye) == ENET_PROTOCOL_COMMAND_DISCONNECT);
  REQUIRE(goodbye->size() == 10);
  const std::uint32_t data = (std::uint32_t{(*goodbye)[6]} << 24) | ((*goodbye)[7] << 16) |
                             ((*goodbye)[8] << 8) | (*goodbye)[9];
  CHECK(net::fromWireCode(data) == net::ReasonCode::TimedOut);
  CHECK(server.counters().handshakesTimedOut == 1);
}

TEST_CASE("every latecomer past the peer limit hears ServerFull at once") {
  net::SteadyClock clock;
  constexpr int kPeers = 4;
  constexpr std::size_t kLate = 136;
  std::vector<std::unique_ptr<MessageClientFactory>> clients;  // outlive the reactor
  Server server(clock, kPeers);
  std::vector<std::unique_ptr<net::Connector>> connectors;
  auto dial = [&] {
    auto& client = *clients.emplace_back(std::make_unique<MessageClientFactory>());
    connectors.push_back(server.reactor.connect(enetClient(server.port->address()), client));
  };
  for (int i = 0; i < kPeers; ++i) dial();
  REQUIRE(pumpUntil(server.reactor,
                    [&] { return server.factory.records.size() == static_cast<size_t>(kPeers); }));

  const Steady::time_point start = Steady::now();
  for (std::size_t i = 0; i < kLate; ++i) dial();
  // Refused at its CONNECT, before it took a slot: the attempt failed, no connection was made.
  auto refusedWithServerFull = [&] {
    std::size_t count = 0;
    for (std::size_t i = kPeers; i < clients.size(); ++i) {
      const MessageClientFactory& late = *clients[i];
      const bool refused = late.records.empty() && !late.failed.empty() &&
                           late.failed[0].code == net::ReasonCode::ServerFull;
      if (refused) ++count;
    }
    return count;
  };
  const bool all = pumpUntil(
      server.reactor, [&] { return refusedWithServerFull() == kLate; }, 10s);
  MESSAGE(refusedWithServerFull(), " of ", kLate, " latecomers heard ServerFull within ",
          millisecondsSince(start), " ms");
  REQUIRE(all);
  CHECK(server.factory.records.size() == static_cast<size_t>(kPeers));
  CHECK(server.counters().connectionsRefused >= kLate);
  for (std::size_t i = 0; i < static_cast<size_t>(kPeers); ++i) CHECK(clients[i]->lost.empty());
}

}  // namespace
}  // namespace weft::test
