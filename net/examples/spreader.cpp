// spreader: the seed's broadcast server: every line a client sends goes to all the other clients;
// the line "close" hangs up. It is what `tools/dev run` starts.
// Tests: tests/net/examples/spreader_test.cpp

#include <algorithm>
#include <iostream>
#include <vector>

#include "net/core/str_cat.h"
#include "net/examples/example_main.h"
#include "net/protocols/line_receiver.h"

namespace {

using namespace weft::net;

class Spreader;

// What the connections share: who is connected, and how many have connected so far.
struct Clients {
  std::vector<Spreader*> connected;
  int numbered = 0;
};

class Spreader : public LineReceiver {
 public:
  // Lenient, so that nc and telnet users can join.
  Spreader(Clients& clients, int number)
      : LineReceiver({.lenient = true}), clients_(clients), number_(number) {}

  void connectionMade() override {
    sendLine(strCat("Welcome to the spread site, you are client number ", number_, "!"));
    std::cout << "new connection: " << number_ << "\n";
    clients_.connected.push_back(this);
  }
  void connectionLost(const Reason&) override {
    std::erase(clients_.connected, this);
    std::cout << "closed connection: " << number_ << "\n";
  }
  void lineReceived(std::string_view line) override {
    if (line == "close") {
      transport().loseConnection();
      return;
    }
    for (Spreader* client : clients_.connected) {
      if (client != this) client->sendLine(line);
    }
  }

 private:
  Clients& clients_;
  int number_;
};

class SpreaderFactory : public ServerFactory {
 public:
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Spreader>(clients_, ++clients_.numbered);
  }

 private:
  Clients clients_;
};

// How to join, for the console: "nc localhost 8007", or "nc -U PATH" for a Unix socket.
std::string joinCommand(const Address& address) {
  if (address.family() == Address::Family::Unix) return strCat("nc -U ", address.host());
  const std::string host =
      address.isLoopback() || address.host() == "0.0.0.0" || address.host() == "::"
          ? std::string("localhost")
          : address.host();
  return strCat("nc ", host, " ", address.port());
}

}  // namespace

int main(int argc, char** argv) {
  weft::examples::Example example(
      weft::examples::Role::Server,
      "Spreader: a broadcast server. Each client is welcomed with its number; every line it "
      "sends goes to all the other clients, and the line \"close\" hangs up.",
      "weft-example-spreader --listen tcp:8007\nnc localhost 8007");
  if (auto exit = example.parse(argc, argv)) return *exit;

  SpreaderFactory factory;
  Port* port = example.listen(factory);
  if (!port) return weft::examples::kExitFailure;
  std::cout << "join from other terminals with: " << joinCommand(port->address())
            << "   (type a line to send it to everyone else; \"close\" leaves; Ctrl-C stops)\n";
  return example.run();
}
