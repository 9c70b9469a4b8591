// pkg_config_net: an outside program built with nothing but
// `c++ main.cpp $(pkg-config --cflags --libs weft-net)`, on a system where pkg-config knows
// ENet and no SDL — a server and a client in one reactor exchange a message over ENet on
// loopback, so the static library, its ENet transport and libenet all link and run.
// check.sh builds it against an install and runs it.
#include <cstdio>
#include <memory>
#include <string>

#include "net/core/clock.h"
#include "net/core/endpoint.h"
#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/protocols/connect_protocol.h"
#include "net/protocols/message_protocol.h"

using namespace std::chrono_literals;
using namespace weft;

namespace {

class Echo final : public net::MessageProtocol {
 public:
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    send(channel, message);
  }
};

class Pinger final : public net::MessageProtocol {
 public:
  explicit Pinger(std::string& answer) : answer_(answer) {}
  void connectionMade() override { send(1, "ping"); }
  void messageReceived(std::uint8_t, std::string_view message) override { answer_ = message; }

 private:
  std::string& answer_;
};

}  // namespace

int main() {
  net::ServerFactoryFor<Echo> factory;  // what the reactor's protocols refer to comes first
  std::string answer;
  bool failed = false;
  net::SteadyClock clock;
  net::Reactor reactor(clock);
  auto port = reactor.listen(*net::parseServerEndpoint("enet:0:interface=127.0.0.1"), factory);
  if (!port) {
    std::fprintf(stderr, "pkg_config_net: %s\n", port.error().message.c_str());
    return 1;
  }
  const std::string server = "enet:127.0.0.1:" + std::to_string((*port)->address().port());
  net::connectProtocol(reactor, *net::parseClientEndpoint(server), std::make_unique<Pinger>(answer))
      .otherwise([&](const net::Reason& reason) {
        std::fprintf(stderr, "pkg_config_net: %s: %s\n", server.c_str(), reason.sentence().c_str());
        failed = true;
      });
  // Bounded: a broken build fails after 5 s instead of hanging.
  const auto deadline = clock.now() + 5s;
  while (answer.empty() && !failed && clock.now() < deadline) {
    reactor.pump(1ms);
    reactor.waitForEvents(10ms);
  }
  const bool ok = answer == "ping";
  std::printf("pkg_config_net: ENet echo from %s: %s\n", server.c_str(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
