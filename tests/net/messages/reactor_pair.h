// ReactorPair: a contract-suite fixture (message_transport_contract.h) for message transports
// that run over real sockets in a Reactor — framed TCP, ENet — on loopback. `Sockets` says
// which: `static net::Endpoint server()`, `static net::Endpoint clientFor(const net::Address&)`
// and `static constexpr bool kMayLoseUnreliable`.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "net/core/connector.h"
#include "net/core/port.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"
#include "tests/net/core/loopback.h"
#include "tests/net/messages/contract_side.h"

namespace weft::test {

template <typename Sockets>
struct ReactorPair {
  static constexpr bool kMayLoseUnreliable = Sockets::kMayLoseUnreliable;

  net::SteadyClock clock;
  testing::RecordingLogger log;
  ContractSide client;
  ContractSide server;
  SideFactory<net::ClientFactory> clientFactory{client};
  ServerSideFactory serverFactory{server};
  net::Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<net::Port> port;
  std::unique_ptr<net::Connector> connector;

  ~ReactorPair() {
    // Teardown proves no leaks: everything closed, the reactor holds nothing.
    for (ContractSide* side : {&client, &server}) {
      if (side->protocol != nullptr && side->protocol->connected())
        side->protocol->messages().abort();
    }
    connector.reset();
    port.reset();
    CHECK(testing::pumpUntil(
        reactor, [&] { return reactor.openHandles() == 0; }, std::chrono::seconds(5)));
  }

  void connect() {
    auto listening = reactor.listen(Sockets::server(), serverFactory);
    REQUIRE_MESSAGE(listening.ok(), listening.error().message);
    port = std::move(*listening);
    connector = reactor.connect(Sockets::clientFor(port->address()), clientFactory);
    REQUIRE(testing::pumpUntil(reactor, [&] { return client.made == 1 && server.made == 1; }));
  }

  bool settle(const std::function<bool()>& done) {
    return testing::pumpUntil(reactor, done, std::chrono::seconds(10));
  }
  void idle() {
    testing::pumpUntil(
        reactor, [] { return false; }, std::chrono::milliseconds(100));
  }
};

}  // namespace weft::test
