// Bad input over real sockets: what one peer sends wrong closes only that peer's connection.
#include <doctest/doctest.h>

#include <string>

#include "tests/net/core/loopback.h"
#include "net/protocols/line_receiver.h"

using namespace weft::test;
using weft::net::LineReceiver;
using weft::net::LineReceiverConfig;
using weft::net::Reactor;
using weft::net::ReasonCode;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
// Echoes lines and records how its connection ended, in a record the factory owns.
struct EchoLines : LineReceiver {
  explicit EchoLines(std::optional<weft::net::Reason>& lost)
      : LineReceiver(LineReceiverConfig{.lenient = true, .maxLength = 1024}), lost_(lost) {}
  void lineReceived(std::string_view line) override { sendLine(line); }
  void connectionLost(const weft::net::Reason& reason) override { lost_ = reason; }
  std::optional<weft::net::Reason>& lost_;
};

struct EchoLinesFactory : weft::net::ServerFactory {
  std::deque<std::optional<weft::net::Reason>> lost;
  std::unique_ptr<weft::net::Protocol> buildProtocol(const weft::net::Address&) override {
    return std::make_unique<EchoLines>(lost.emplace_back());
  }
};
}  // namespace

TEST_CASE("an over-long line closes only the connection that sent it") {
  SteadyClock clock;
  RecordingLogger log;
  EchoLinesFactory servers;
  RecorderClientFactory clients;
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(tcpServer(), servers);
  REQUIRE(port.ok());
  auto polite = reactor.connect(clientFor((*port)->address()), clients);
  auto flooder = reactor.connect(clientFor((*port)->address()), clients);
  REQUIRE(pumpUntil(reactor, [&] { return clients.records.size() == 2 && servers.lost.size() == 2; }));

  clients.records[1].transport().write(std::string(64 * 1024, 'x'));  // no line ending, ever
  REQUIRE(pumpUntil(reactor, [&] { return servers.lost[1].has_value(); }));
  CHECK(servers.lost[1]->code == ReasonCode::LineTooLong);
  CHECK(pumpUntil(reactor, [&] { return clients.records[1].lost.has_value(); }));

  clients.records[0].transport().write("still served\n");
  CHECK(pumpUntil(reactor, [&] { return clients.records[0].received == "still served\r\n"; }));
  CHECK_FALSE(servers.lost[0].has_value());
}
