// timestamp-client: the seed's timestamp client: prompts for a line, sends it, shows the answer,
// and prompts again; an empty line hangs up. Standard input goes through the reactor
// (StandardIO): no thread, no blocking read.
// Tests: tests/net/examples/timestamp_client_test.cpp

#include <deque>
#include <iostream>
#include <string>

#include "net/core/standard_io.h"
#include "net/examples/example_main.h"
#include "net/protocols/line_receiver.h"

namespace {

using namespace weft::net;
using weft::examples::Example;

// Standard input, one line per exchange: a line typed (or piped) ahead waits its turn, because the
// server must answer one line before the next is sent. The end of input counts as an empty line.
class Console : public LineReceiver {
 public:
  Console() : LineReceiver({.lenient = true}) {}

  // Prompts, then sends the next line to `server` once there is one (or hangs up).
  void askFor(LineReceiver& server) {
    std::cout << "> ";
    server_ = &server;
    sendNext();
  }
  // The server connection is gone: nothing more to send.
  void forget() { server_ = nullptr; }

  void lineReceived(std::string_view line) override {
    typed_.emplace_back(line);
    sendNext();
  }
  void connectionLost(const Reason&) override {
    inputEnded_ = true;
    sendNext();
  }

 private:
  void sendNext() {
    if (server_ == nullptr || (typed_.empty() && !inputEnded_)) return;
    LineReceiver& server = *std::exchange(server_, nullptr);
    if (typed_.empty() || typed_.front().empty()) {
      std::cout << "\n";
      server.transport().loseConnection();
      return;
    }
    std::cout << "...sending " << typed_.front() << "...\n";
    server.sendLine(typed_.front());
    typed_.pop_front();
  }

  std::deque<std::string> typed_;
  LineReceiver* server_ = nullptr;  // set while a prompt waits for a line
  bool inputEnded_ = false;
};

class TimestampClient : public LineReceiver {
 public:
  explicit TimestampClient(Console& console) : LineReceiver({.lenient = true}), console_(console) {}

  void connectionMade() override { console_.askFor(*this); }
  void lineReceived(std::string_view answer) override {
    std::cout << answer << "\n";
    console_.askFor(*this);
  }
  void connectionLost(const Reason&) override { console_.forget(); }

 private:
  Console& console_;
};

class TimestampClientFactory : public ClientFactory {
 public:
  TimestampClientFactory(Example& example, Console& console)
      : example_(example), console_(console) {}

  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<TimestampClient>(console_);
  }
  void clientConnectionLost(Connector&, const Reason& reason) override {
    if (!reason.clean()) std::cerr << "Lost connection. Reason: " << reason.sentence() << "\n";
    example_.stop(reason.clean() ? 0 : weft::examples::kExitFailure);
  }
  void clientConnectionFailed(Connector&, const Reason& reason) override {
    std::cerr << "Connection failed. Reason: " << reason.sentence() << "\n";
    example_.stop(weft::examples::kExitFailure);
  }

 private:
  Example& example_;
  Console& console_;
};

}  // namespace

int main(int argc, char** argv) {
  Example example(weft::examples::Role::Client,
                  "Timestamp client: connects to weft-example-timestamp-server, sends each line "
                  "you type and shows the server's timestamped answer. An empty line (or the end "
                  "of input) hangs up.",
                  "weft-example-timestamp-client --connect tcp:localhost:21567");
  if (auto exit = example.parse(argc, argv)) return *exit;

  // The console is standard input's protocol; the server connection talks to it.
  auto console = std::make_unique<Console>();
  TimestampClientFactory factory(example, *console);
  StandardIO keyboard(example.reactor(), std::move(console));
  example.connect(factory);
  return example.run();
}
