#include "net/protocols/connect_protocol.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/net/core/loopback.h"
#include "net/testing/manual_clock.h"

using namespace weft::test;
using weft::net::Deferred;
using weft::net::Reactor;
using weft::net::ReasonCode;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
class Greeter : public weft::net::Protocol {
 public:
  bool madeBeforeDeferred = false;
  void connectionMade() override { madeBeforeDeferred = true; }
  void sendMessage(std::string_view text) { transport().write(text); }
};
}  // namespace

TEST_CASE("connectProtocol fires with the protocol after connectionMade, typed") {
  SteadyClock clock;
  RecordingLogger log;
  RecorderFactory servers;
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(tcpServer(), servers);
  REQUIRE(port.ok());
  Greeter* greeter = nullptr;
  connectProtocol(reactor, clientFor((*port)->address()), std::make_unique<Greeter>())
      .then([&](Greeter* g) {
        CHECK(g->madeBeforeDeferred);
        greeter = g;
        g->sendMessage("Hello");
      });
  REQUIRE(pumpUntil(reactor, [&] { return !servers.records.empty() && servers.records[0].received == "Hello"; }));
  REQUIRE(greeter != nullptr);
  greeter->transport().loseConnection();
  REQUIRE(pumpUntil(reactor, [&] { return servers.records[0].lost.has_value(); }));
  reactor.pump(weft::net::Duration::max());
  CHECK(reactor.openHandles() == 1);  // only the listening port is left
}

TEST_CASE("connectProtocol fails with the connector's reason") {
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  RecorderFactory servers;
  auto port = reactor.listen(tcpServer(), servers);
  REQUIRE(port.ok());
  auto address = (*port)->address();
  port->reset();  // nothing listens there now
  auto d = connectProtocol(reactor, clientFor(address), std::make_unique<Greeter>());
  REQUIRE(pumpUntil(reactor, [&] { return d.fired(); }));
  REQUIRE(d.hasFailed());
  CHECK(d.failure().code == ReasonCode::ConnectionRefused);
}

TEST_CASE("a timeout on the Deferred stops the attempt and reports TimedOut") {
  weft::testing::ManualClock clock;
  RecordingLogger log;
  weft::net::ReactorConfig config = quietConfig(log);
  config.resolver = [](const std::string&, std::uint16_t, weft::net::Address::Family)
      -> weft::net::Result<std::vector<weft::net::Address>> {
    return weft::net::Error{"never used: the attempt is cancelled first"};
  };
  Reactor reactor(clock, config);
  weft::net::Endpoint e = clientFor(weft::net::Address::loopbackIPv4(9));
  e.host = "slow.test";
  e.family = weft::net::Address::Family::None;
  auto d = connectProtocol(reactor, e, std::make_unique<Greeter>());
  d.withTimeout(reactor.scheduler(), std::chrono::seconds(2));
  clock.advance(std::chrono::seconds(2));
  REQUIRE(d.hasFailed());
  CHECK(d.failure().code == ReasonCode::TimedOut);
  reactor.pump(weft::net::Duration::max());
  CHECK(reactor.openHandles() == 0);
}
