// An ENet server with a batch interval (enet:PORT:batch=SECONDS), on loopback and a ManualClock:
// a datagram arriving sooner than the batch after the last service waits in the socket until
// the clock says the batch is due, and everything that arrived meanwhile is served together.
#include <doctest/doctest.h>

#include "net/core/connector.h"
#include "net/core/endpoint_kind.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/enet/enet_config.h"
#include "net/testing/manual_clock.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"
#include "tests/net/enet/enet_support.h"

namespace weft::test {
namespace {

using weft::testing::pumpUntil;
using namespace std::chrono_literals;

constexpr net::Duration kBatch = 50ms;
// Real time the test pumps while the clock stands still: a server that did not hold the
// datagram would have served it in the first pump.
constexpr auto kHeldFor = 100ms;

net::ReactorConfig withEventsPerPump(net::ReactorConfig config, int eventsPerPump) {
  config.transports.set(net::EnetConfig{.eventsPerPump = eventsPerPump});
  return config;
}

struct BatchFixture {
  weft::testing::RecordingLogger log;
  weft::testing::ManualClock clock;
  MessageServerFactory serverFactory;
  MessageClientFactory clientFactory;
  net::Reactor reactor;
  std::unique_ptr<net::Port> port;
  std::unique_ptr<net::Connector> connector;

  explicit BatchFixture(int eventsPerPump = net::EnetConfig{}.eventsPerPump)
      : reactor(clock, withEventsPerPump(quietConfig(log), eventsPerPump)) {
    auto endpoint = net::parseServerEndpoint("enet:0:interface=127.0.0.1:batch=" +
                                             net::formatEndpointSeconds(kBatch));
    REQUIRE(endpoint.ok());
    auto listening = reactor.listen(*endpoint, serverFactory);
    REQUIRE_MESSAGE(listening.ok(), listening.error().message);
    port = std::move(*listening);
    connector = reactor.connect(enetClient(port->address()), clientFactory);
    // The handshake's datagrams are batched too: the clock moves on while it runs.
    REQUIRE(pumpUntil(reactor, [&] {
      clock.advance(1ms);
      return !clientFactory.records.empty() && clientFactory.records[0].made &&
             !serverFactory.records.empty() && serverFactory.records[0].made;
    }));
  }
  ContractSide& client() { return clientFactory.records.back(); }
  ContractSide& server() { return serverFactory.records.back(); }

  // Sends `message` and lets the clock run until the server has it: the server served it at
  // the clock's time when this returns (in a pump, or in the advance that made its batch due).
  void deliver(std::string_view message) {
    const std::size_t before = server().received.size();
    client().send(0, message);
    REQUIRE(pumpUntil(reactor, [&] {
      if (server().received.size() > before) return true;
      clock.advance(1ms);
      return server().received.size() > before;
    }));
  }
};

TEST_CASE(
    "a batching ENet server holds datagrams until the batch is due, then serves them together") {
  BatchFixture f;
  f.deliver("first");

  // Sent right after the server's last service: each is in the server's socket (loopback
  // delivers during the send, and a client sends at once outside a dispatch), and waits there.
  f.client().send(0, "second");
  f.client().send(1, "third");
  CHECK_FALSE(pumpUntil(
      f.reactor, [&] { return f.server().received.size() > 1; }, kHeldFor));
  f.clock.advance(kBatch - 1ms);
  CHECK_FALSE(pumpUntil(
      f.reactor, [&] { return f.server().received.size() > 1; }, kHeldFor));

  f.clock.advance(1ms);  // the batch is due: one service serves both
  f.reactor.pump(net::Duration::max());
  REQUIRE(f.server().received.size() == 3);
  CHECK(f.server().received[1] == ReceivedMessage{0, "second"});
  CHECK(f.server().received[2] == ReceivedMessage{1, "third"});
}

TEST_CASE("a batching ENet server answers, and serves again after a quiet spell") {
  BatchFixture f;
  f.deliver("ping");
  f.server().send(0, "pong");  // outside a dispatch: sent at once, batching or not
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.client().received.empty(); }));
  CHECK(f.client().received[0] == ReceivedMessage{0, "pong"});

  // Quiet for a few batches (the client's acknowledgement of "pong" is served on the way).
  for (int i = 0; i < 4; ++i) {
    f.clock.advance(kBatch);
    f.reactor.pump(net::Duration::max());
  }
  f.deliver("after a pause");
  CHECK(f.server().received[1] == ReceivedMessage{0, "after a pause"});
}

TEST_CASE(
    "a batching ENet server's backlog past the per-pump cap is served at once, not a batch later") {
  BatchFixture f(2);  // two events per service
  f.deliver("first");
  for (int i = 0; i < 6; ++i) f.client().send(0, "queued " + std::to_string(i));
  CHECK_FALSE(pumpUntil(
      f.reactor, [&] { return f.server().received.size() > 1; }, kHeldFor));

  f.clock.advance(kBatch);  // the batch is due: its service stops after two events
  CHECK(f.server().received.size() == 3);
  // The rest was received already: the next pumps serve it with the clock standing still.
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == 7; }));
  for (int i = 0; i < 6; ++i) {
    CHECK(f.server().received[1 + i] == ReceivedMessage{0, "queued " + std::to_string(i)});
  }
}

TEST_CASE("a batching ENet server delivers what it held while paused as soon as reading resumes") {
  BatchFixture f;
  f.deliver("first");
  f.server().protocol->transport().pauseReading();
  f.client().send(0, "held");
  f.clock.advance(
      kBatch);  // the batch is due: ENet receives "held", the paused connection keeps it
  REQUIRE(pumpUntil(f.reactor, [&] { return f.client().messages().stats().queuedBytes == 0; }));
  CHECK(f.server().received.size() == 1);

  // The server served just now; what it holds was received already, so it does not wait for
  // the next batch: delivered with the clock standing still.
  f.server().protocol->transport().resumeReading();
  REQUIRE(pumpUntil(f.reactor, [&] { return f.server().received.size() == 2; }));
  CHECK(f.server().received[1] == ReceivedMessage{0, "held"});
}

}  // namespace
}  // namespace weft::test
