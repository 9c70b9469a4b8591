// The MessageTransport contract over MessageProtocol's frames on weft::testing's in-memory
// ConnectedPair. Everything but stats: the pair's transports count no traffic.

#include <doctest/doctest.h>

#include <functional>
#include <memory>

#include "net/testing/connected_pair.h"
#include "tests/net/messages/message_transport_contract.h"

namespace weft::test {

struct FramedConnectedPair {
  static constexpr bool kMayLoseUnreliable = false;

  ContractSide client;
  ContractSide server;
  std::unique_ptr<ContractProtocol> clientProtocol;
  std::unique_ptr<ContractProtocol> serverProtocol;
  std::unique_ptr<testing::ConnectedPair> pair;

  ~FramedConnectedPair() {
    pair.reset();
    serverProtocol.reset();
    clientProtocol.reset();
  }

  void connect() {
    clientProtocol = std::make_unique<ContractProtocol>(client);
    serverProtocol = std::make_unique<ContractProtocol>(server);
    pair = std::make_unique<testing::ConnectedPair>(*clientProtocol, *serverProtocol);
    REQUIRE(client.made == 1);
    REQUIRE(server.made == 1);
  }

  // The pair has no clock: a flush moves everything that can move.
  bool settle(const std::function<bool()>& done) {
    for (int round = 0; round < 3 && !done(); ++round) pair->flush();
    return done();
  }
  void idle() { pair->flush(); }
};

}  // namespace weft::test

TYPE_TO_STRING(weft::test::FramedConnectedPair);
namespace weft::test {
TEST_CASE_TEMPLATE_INVOKE(contract_connect, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_channels, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_sizes, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_burst, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_unreliable, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_disconnect, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_send_after_disconnect, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_abort, FramedConnectedPair);
TEST_CASE_TEMPLATE_INVOKE(contract_max_message, FramedConnectedPair);
}  // namespace weft::test
