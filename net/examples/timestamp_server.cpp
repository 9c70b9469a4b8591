// timestamp-server: the seed's timestamp server: it answers each line with the time and the line.
// Tests: tests/net/examples/timestamp_server_test.cpp

#include <ctime>
#include <iostream>

#include "net/core/str_cat.h"
#include "net/examples/example_main.h"
#include "net/protocols/line_receiver.h"

namespace {

using namespace weft::net;

// The local time as ctime() prints it ("Tue Apr 18 23:53:09 2006"), for people to read; weft's
// timers never read this clock.
std::string ctimeNow() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &local);
  return std::string(text, length);
}

class Timestamp : public LineReceiver {
 public:
  Timestamp() : LineReceiver({.lenient = true}) {}

  void connectionMade() override {
    std::cout << "...connected from: " << transport().peer().host() << "\n";
  }
  void lineReceived(std::string_view line) override {
    sendLine(strCat("[", ctimeNow(), "] ", line));
  }
};

}  // namespace

int main(int argc, char** argv) {
  weft::examples::Example example(
      weft::examples::Role::Server,
      "Timestamp server: answers every line with the local time and the line, \"[Tue Apr 18 "
      "23:53:09 2006] the line\", and prints where each client connects from.",
      "weft-example-timestamp-server --listen tcp:21567\n"
      "weft-example-timestamp-client --connect tcp:21567");
  if (auto exit = example.parse(argc, argv)) return *exit;

  ServerFactoryFor<Timestamp> factory;
  return example.serve(factory);
}
