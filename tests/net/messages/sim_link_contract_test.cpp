// The MessageTransport contract over SimLink: a perfect link, and a bad one (loss, jitter,
// duplication, reordering), both under ManualClock.

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>

#include "tests/net/messages/message_transport_contract.h"
#include "net/netsim/sim_link.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;

namespace weft::test {

template <bool kLossy>
struct SimLinkFixture {
  static constexpr bool kMayLoseUnreliable = kLossy;

  testing::ManualClock clock;
  testing::RecordingLogger log;
  net::Scheduler scheduler{clock, log};
  ContractSide client;
  ContractSide server;
  std::unique_ptr<ContractProtocol> clientProtocol;
  std::unique_ptr<ContractProtocol> serverProtocol;
  std::unique_ptr<net::SimLink> link;

  ~SimLinkFixture() { link.reset(); }  // closes open ends while the protocols still exist

  void connect() {
    net::LinkConditions conditions;
    if (kLossy) {
      conditions.latency = 20ms;
      conditions.jitter = 5ms;
      conditions.lossPercent = 15;
      conditions.duplicatePercent = 3;
      conditions.reorderPercent = 5;
    }
    net::SimLinkConfig config;
    config.seed = 1234;
    clientProtocol = std::make_unique<ContractProtocol>(client);
    serverProtocol = std::make_unique<ContractProtocol>(server);
    link = std::make_unique<net::SimLink>(scheduler, conditions, config);
    link->connect(*clientProtocol, *serverProtocol);
    REQUIRE(client.made == 1);
    REQUIRE(server.made == 1);
  }

  // A minute of simulated time covers the 10 s timeout that tells an abort's peer.
  bool settle(const std::function<bool()>& done) {
    for (int step = 0; step < 12'000; ++step) {
      if (done()) return true;
      clock.advance(5ms);
    }
    return done();
  }
  void idle() { clock.advance(3s); }
};

using PerfectSimLink = SimLinkFixture<false>;
using LossySimLink = SimLinkFixture<true>;

}  // namespace weft::test

TYPE_TO_STRING(weft::test::PerfectSimLink);
TYPE_TO_STRING(weft::test::LossySimLink);
namespace weft::test {
WEFT_MESSAGE_TRANSPORT_CONTRACT(PerfectSimLink, LossySimLink);
}
