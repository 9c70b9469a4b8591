// echo-quota: the seed's echo server with a quota: past --max-connections at once, a newcomer is
// told to try later and hung up on.
// Tests: tests/net/examples/echo_quota_test.cpp

#include "net/examples/example_main.h"

namespace {

using namespace weft::net;

struct Quota {
  int maxConnections = 100;
  int connections = 0;  // every open connection, those being turned away included
};

class Echo : public Protocol {
 public:
  explicit Echo(Quota& quota) : quota_(quota) {}

  void connectionMade() override {
    if (++quota_.connections > quota_.maxConnections) {
      transport().write("Too many connections, try later\r\n");
      transport().loseConnection();
    }
  }
  void connectionLost(const Reason&) override { --quota_.connections; }
  void dataReceived(std::string_view data) override { transport().write(data); }

 private:
  Quota& quota_;
};

class QuotaFactory : public ServerFactory {
 public:
  explicit QuotaFactory(int maxConnections) { quota_.maxConnections = maxConnections; }
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Echo>(quota_);
  }

 private:
  Quota quota_;
};

}  // namespace

int main(int argc, char** argv) {
  weft::examples::Example example(
      weft::examples::Role::Server,
      "Echo with a quota: echoes every byte back, but only for --max-connections clients at "
      "once; the next ones are told \"Too many connections, try later\" and closed. A place "
      "frees up when a client leaves.",
      "weft-example-echo-quota --listen tcp:8007 --max-connections 2\nnc localhost 8007");
  int maxConnections = 100;
  example.cli()
      .add_option("--max-connections", maxConnections, "Clients served at once")
      ->type_name("N")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000).description(""));
  if (auto exit = example.parse(argc, argv)) return *exit;

  QuotaFactory factory(maxConnections);
  return example.serve(factory);
}
