// greeter: the seed's single-use client: connectProtocol, one message at once, another a second
// later, and a hang-up after two, all on the reactor's timers.
// Tests: tests/net/examples/greeter_test.cpp

#include <iostream>
#include <vector>

#include "net/core/str_cat.h"
#include "net/examples/example_main.h"
#include "net/protocols/connect_protocol.h"

namespace {

using namespace std::chrono_literals;
using namespace weft::net;
using weft::examples::Example;

class Greeter : public Protocol {
 public:
  explicit Greeter(Example& example) : example_(example) {}

  void sendMessage(std::string_view text) {
    std::cout << "sending: " << text << "\n";
    transport().write(strCat("MESSAGE ", text, "\n"));
  }
  // Runs `fn` after `delay`, unless the connection has ended by then: the timers are the
  // greeter's, and go with it.
  void callLater(Duration delay, Callback fn) {
    timers_.emplace_back(example_.reactor().callLater(delay, std::move(fn)));
  }
  void connectionLost(const Reason& reason) override {
    std::cout << "Connection closed. Reason: " << reason.sentence() << "\n";
    example_.stop(reason.clean() ? 0 : weft::examples::kExitFailure);
  }

 private:
  Example& example_;
  std::vector<ScopedCall> timers_;
};

void gotProtocol(Greeter& greeter) {
  greeter.sendMessage("Hello");
  greeter.callLater(1s, [&greeter] { greeter.sendMessage("This is sent in a second"); });
  greeter.callLater(2s, [&greeter] { greeter.transport().loseConnection(); });
}

}  // namespace

int main(int argc, char** argv) {
  Example example(weft::examples::Role::Client,
                  "Greeter: connects, sends \"MESSAGE Hello\", then \"MESSAGE This is sent in a "
                  "second\" a second later, and hangs up after two seconds.",
                  "weft-example-greeter --connect tcp:localhost:1234\n"
                  "nc -l 1234   (in another terminal first, to see the messages arrive)");
  if (auto exit = example.parse(argc, argv)) return *exit;

  connectProtocol(example.reactor(), example.endpoint(), std::make_unique<Greeter>(example))
      .then([](Greeter* greeter) { gotProtocol(*greeter); })
      .otherwise([&example](const Reason& reason) {
        std::cerr << "Connection failed. Reason: " << reason.sentence() << "\n";
        example.stop(weft::examples::kExitFailure);
      });
  return example.run();
}
