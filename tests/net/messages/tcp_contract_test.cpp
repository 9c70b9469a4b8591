// The MessageTransport contract over MessageProtocol's length-prefixed frames on a real TCP
// connection over loopback (127.0.0.1, a port the system picks), pumped by the Reactor.

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>

#include "net/core/connector.h"
#include "net/core/loopback.h"
#include "net/core/port.h"
#include "net/messages/message_transport_contract.h"
#include "net/testing/pump_until.h"
#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;

namespace weft::test {

struct FramedTcp {
  static constexpr bool kMayLoseUnreliable = false;

  class SideFactory final : public net::ClientFactory {
   public:
    explicit SideFactory(ContractSide& side) : side_(side) {}
    std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
      return std::make_unique<ContractProtocol>(side_);
    }

   private:
    ContractSide& side_;
  };
  class ServerSideFactory final : public net::ServerFactory {
   public:
    explicit ServerSideFactory(ContractSide& side) : side_(side) {}
    std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
      return std::make_unique<ContractProtocol>(side_);
    }

   private:
    ContractSide& side_;
  };

  net::SteadyClock clock;
  testing::RecordingLogger log;
  ContractSide client;
  ContractSide server;
  SideFactory clientFactory{client};
  ServerSideFactory serverFactory{server};
  net::Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<net::Port> port;
  std::unique_ptr<net::Connector> connector;

  ~FramedTcp() {
    // Teardown proves no leaks: everything closed, the reactor holds nothing.
    for (ContractSide* side : {&client, &server}) {
      if (side->protocol != nullptr && side->protocol->connected()) side->protocol->messages().abort();
    }
    connector.reset();
    port.reset();
    CHECK(testing::pumpUntil(reactor, [&] { return reactor.openHandles() == 0; }, 5s));
  }

  void connect() {
    auto listening = reactor.listen(tcpServer("127.0.0.1"), serverFactory);
    REQUIRE(listening.ok());
    port = std::move(*listening);
    connector = reactor.connect(clientFor(port->address()), clientFactory);
    REQUIRE(testing::pumpUntil(reactor, [&] { return client.made == 1 && server.made == 1; }));
  }

  bool settle(const std::function<bool()>& done) { return testing::pumpUntil(reactor, done, 10s); }
  void idle() { testing::pumpUntil(reactor, [] { return false; }, 100ms); }
};

}  // namespace weft::test

TYPE_TO_STRING(weft::test::FramedTcp);
namespace weft::test {
WEFT_MESSAGE_TRANSPORT_CONTRACT(FramedTcp);
}
