// reconnecting-client: the seed's ReconnectingClientFactory echo client: it prints what it
// receives and, whenever the connection fails or is lost, tries again after a growing delay.
// Tests: tests/net/examples/reconnecting_client_test.cpp

#include <iostream>

#include "net/examples/example_main.h"
#include "net/protocols/reconnecting_client_factory.h"

namespace {

using namespace weft::net;
using weft::examples::Example;

class Echo : public Protocol {
 public:
  void dataReceived(std::string_view data) override { std::cout << data; }
};

// The retries themselves are the base class's; it logs each one ("reconnecting to ... in 0.3s
// (retry 2)") through the reactor's logger, to stderr.
class EchoClientFactory : public ReconnectingClientFactory {
 public:
  EchoClientFactory(Example& example, ReconnectPolicy policy)
      : ReconnectingClientFactory(policy), example_(example) {}

  void startedConnecting(Connector&) override { std::cout << "Started to connect.\n"; }
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    std::cout << "Connected.\n";
    std::cout << "Resetting reconnection delay\n";
    resetDelay();
    return std::make_unique<Echo>();
  }
  void clientConnectionLost(Connector& connector, const Reason& reason) override {
    std::cout << "Lost connection. Reason: " << reason.sentence() << "\n";
    ReconnectingClientFactory::clientConnectionLost(connector, reason);
    stopIfGaveUp();
  }
  void clientConnectionFailed(Connector& connector, const Reason& reason) override {
    std::cout << "Connection failed. Reason: " << reason.sentence() << "\n";
    ReconnectingClientFactory::clientConnectionFailed(connector, reason);
    stopIfGaveUp();
  }

 private:
  // --max-retries ran out: the base class stopped trying.
  void stopIfGaveUp() {
    if (!trying()) example_.stop(weft::examples::kExitFailure);
  }

  Example& example_;
};

}  // namespace

int main(int argc, char** argv) {
  Example example(
      weft::examples::Role::Client,
      "Reconnecting client: connects, prints what it receives, and reconnects whenever "
      "the connection fails or is lost, waiting longer after each failure (Twisted's "
      "backoff: times e, with jitter, up to --max-delay). A connection resets the delay.",
      "weft-example-reconnecting-client --connect tcp:localhost:8007 "
      "--initial-delay 0.5 --max-delay 10");
  ReconnectPolicy policy;
  double initialDelay = toSeconds(policy.initialDelay);
  double maxDelay = toSeconds(policy.maxDelay);
  example.cli()
      .add_option("--initial-delay", initialDelay, "The first retry waits about this times e")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(weft::examples::finite(CLI::Range(0.001, 86400.0).description("")));
  example.cli()
      .add_option("--max-delay", maxDelay, "No retry waits much longer (jitter may add a little)")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(weft::examples::finite(CLI::Range(0.001, 86400.0).description("")));
  example.cli()
      .add_option("--max-retries", policy.maxRetries, "Give up after this many retries")
      ->type_name("N")
      ->check(CLI::Range(0, 1000000).description(""));
  example.cli()
      .add_option("--seed", policy.seed, "Seed the jitter, for the same delays every run")
      ->type_name("N");
  if (auto exit = example.parse(argc, argv)) return *exit;
  policy.initialDelay = fromSeconds(initialDelay);
  policy.maxDelay = fromSeconds(maxDelay);

  EchoClientFactory factory(example, policy);
  example.connect(factory);
  return example.run();
}
