// echo: the seed's Echo server, which sends every byte back; with --connect, the seed's
// EchoClientFactory client, which sends what you type and prints what comes back.
// Tests: tests/net/examples/echo_test.cpp, tests/net/examples/twisted_echo_client.py

#include <algorithm>
#include <iostream>
#include <optional>

#include "net/core/standard_io.h"
#include "net/examples/example_main.h"

namespace {

using namespace weft::net;
using weft::examples::Example;

// The server: whatever arrives goes straight back.
class Echo : public Protocol {
 public:
  void dataReceived(std::string_view data) override { transport().write(data); }
};

// The client: prints what comes back. It counts the bytes still to come back, so that it hangs
// up only once all of them have: closing sooner would drop the echoes still on their way.
class EchoClient : public Protocol {
 public:
  void send(std::string_view data) {
    awaited_ += data.size();
    transport().write(data);
  }
  void hangUpWhenEchoed() {
    hangingUp_ = true;
    hangUpIfDone();
  }
  void dataReceived(std::string_view data) override {
    std::cout << data;
    awaited_ -= std::min(awaited_, data.size());
    hangUpIfDone();
  }

 private:
  void hangUpIfDone() {
    if (hangingUp_ && awaited_ == 0) transport().loseConnection();
  }

  std::size_t awaited_ = 0;
  bool hangingUp_ = false;
};

// Standard input: what is typed goes to the server; the end of input (Ctrl-D) hangs up.
class Keyboard : public Protocol {
 public:
  explicit Keyboard(Connector& connector) : connector_(connector) {}
  void dataReceived(std::string_view data) override {
    if (EchoClient* server = connected()) server->send(data);
  }
  void connectionLost(const Reason&) override {
    if (EchoClient* server = connected()) server->hangUpWhenEchoed();
  }

 private:
  EchoClient* connected() const { return static_cast<EchoClient*>(connector_.protocol()); }

  Connector& connector_;
};

class EchoClientFactory : public ClientFactory {
 public:
  explicit EchoClientFactory(Example& example) : example_(example) {}

  void startedConnecting(Connector&) override { std::cout << "Started to connect.\n"; }
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    std::cout << "Connected.\n";
    return std::make_unique<EchoClient>();
  }
  void clientConnectionMade(Connector& connector) override {
    keyboard_.emplace(example_.reactor(), std::make_unique<Keyboard>(connector));
  }
  void clientConnectionLost(Connector&, const Reason& reason) override {
    std::cout << "Lost connection. Reason: " << reason.sentence() << "\n";
    example_.stop(reason.clean() ? 0 : weft::examples::kExitFailure);
  }
  void clientConnectionFailed(Connector&, const Reason& reason) override {
    std::cerr << "Connection failed. Reason: " << reason.sentence() << "\n";
    example_.stop(weft::examples::kExitFailure);
  }

 private:
  Example& example_;
  std::optional<StandardIO> keyboard_;
};

}  // namespace

int main(int argc, char** argv) {
  Example example(weft::examples::Role::ServerOrClient,
                  "Echo: a server that sends every byte it receives back to its sender. With "
                  "--connect instead it is the client: it sends what you type, prints what comes "
                  "back, reports each step of the connection, and hangs up at the end of input "
                  "once everything has come back.",
                  "weft-example-echo --listen tcp:8007\n"
                  "weft-example-echo --connect tcp:localhost:8007");
  if (auto exit = example.parse(argc, argv)) return *exit;

  if (!example.isClient()) {
    ServerFactoryFor<Echo> factory;
    return example.serve(factory);
  }
  EchoClientFactory factory(example);
  example.connect(factory);
  return example.run();
}
