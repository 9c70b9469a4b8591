// spreader-client: the seed's broadcast client: says hello every --interval seconds with a
// LoopingCall on the reactor (the seed used a thread and sleep), and prints what others send.
// Tests: tests/net/examples/spreader_client_test.cpp

#include <ctime>
#include <iostream>

#include "net/core/looping_call.h"
#include "net/core/str_cat.h"
#include "net/examples/example_main.h"
#include "net/protocols/line_receiver.h"

namespace {

using namespace weft::net;
using weft::examples::Example;

// The local date and time, to the second, as the seed's datetime.now() shows it.
std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[32];
  return std::string(text, std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local));
}

class SpreaderClient : public LineReceiver {
 public:
  SpreaderClient(Scheduler& scheduler, const std::string& name, Duration interval)
      : LineReceiver({.lenient = true}),
        name_(name),
        interval_(interval),
        hello_(scheduler, [this] { sendLine(strCat("hello, i am ", name_, " ", timestamp())); }) {}

  // The first hello goes at once. start() cannot fail here: the loop is stopped and main
  // checked the interval (a millisecond at least).
  void connectionMade() override { (void)hello_.start(interval_); }
  void connectionLost(const Reason&) override { hello_.stop(); }
  void lineReceived(std::string_view line) override { std::cout << line << "\n"; }

 private:
  const std::string& name_;
  Duration interval_;
  LoopingCall hello_;  // lives and dies with the connection: no hello after it is gone
};

class SpreaderClientFactory : public ClientFactory {
 public:
  SpreaderClientFactory(Example& example, std::string name, Duration interval)
      : example_(example), name_(std::move(name)), interval_(interval) {}

  void startedConnecting(Connector&) override { std::cout << "Started to connect.\n"; }
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    std::cout << "Connected.\n";
    return std::make_unique<SpreaderClient>(example_.reactor().scheduler(), name_, interval_);
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
  std::string name_;
  Duration interval_;
};

}  // namespace

int main(int argc, char** argv) {
  Example example(weft::examples::Role::Client,
                  "Spreader client: connects to weft-example-spreader, says \"hello, i am NAME "
                  "TIME\" every --interval seconds, and prints every line the others send.",
                  "weft-example-spreader-client --connect tcp:localhost:8007 --name alice "
                  "--interval 2");
  double interval = 5;
  std::string name = "client";
  example.cli()
      .add_option("--interval", interval, "Seconds between two hellos (a millisecond to a day)")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(weft::examples::finite(CLI::Range(0.001, 86400.0).description("")));
  example.cli()
      .add_option("--name", name, "Who the hellos say this is")
      ->type_name("NAME")
      ->capture_default_str();
  if (auto exit = example.parse(argc, argv)) return *exit;

  SpreaderClientFactory factory(example, name, fromSeconds(interval));
  example.connect(factory);
  return example.run();
}
