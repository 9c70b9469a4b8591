// weft-netsim as a process: --help, bad values named, traffic relayed with its counters, the
// seed printed, a summary at Ctrl-C. Loopback only.

#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tests/net/core/loopback.h"
#include "net/udp/datagram_protocol.h"
#include "net/udp/udp_port.h"
#include "tests/support/programs.h"

using namespace std::chrono_literals;
using weft::net::Address;
using weft::testing::pumpUntil;
using weft::tools::Subprocess;

namespace {

constexpr std::chrono::milliseconds kSoon{20000};

Subprocess netsim(std::vector<std::string> args) {
  args.insert(args.begin(), weft::testing::binPath("weft-netsim"));
  return weft::testing::startProgram(args);
}

struct Echo : weft::net::DatagramProtocol {
  std::vector<std::string> received;
  bool echo = true;
  void datagramReceived(std::string_view data, const Address& from) override {
    received.emplace_back(data);
    if (echo) transport().write(data, from);
  }
};

weft::net::Endpoint loopbackUdp() {
  auto e = weft::net::parseServerEndpoint("udp:0:interface=127.0.0.1");
  REQUIRE(e.ok());
  return *e;
}

// The relay's port, from "weft-netsim: relaying 127.0.0.1:PORT -> ...".
std::uint16_t relayPort(const std::string& line) {
  const auto start = line.find("127.0.0.1:");
  REQUIRE(start != std::string::npos);
  return static_cast<std::uint16_t>(std::stoi(line.substr(start + 10)));
}

}  // namespace

TEST_CASE("weft-netsim --help lists every option") {
  Subprocess help = netsim({"--help"});
  CHECK(help.waitExit(kSoon) == 0);
  for (const char* option : {"--listen", "--forward", "--latency", "--jitter", "--loss",
                             "--duplicate", "--reorder", "--bandwidth", "--seed"}) {
    CHECK(help.stdoutSoFar().find(option) != std::string::npos);
  }
}

TEST_CASE("weft-netsim refuses bad values with a message naming the option") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--loss", "120%"}, "weft-netsim: --loss: '120%' is over 100%\n"},
      {{"--latency", "50"}, "weft-netsim: --latency: '50' is not a duration such as 50ms, 1.5s or 250us\n"},
      {{"--bandwidth", "lots"},
       "weft-netsim: --bandwidth: 'lots' is not a bandwidth such as 256KB/s, 1.5MB/s or 8Mbit/s\n"},
      {{"--forward", "example.com:7777"},
       "weft-netsim: --forward: 'example.com:7777': the host must be a numeric address such as "
       "127.0.0.1\n"},
      {{"--listen", "tcp:7780"}, "weft-netsim: --listen: 'tcp:7780' is not a UDP endpoint such as udp:7780\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    if (c.args[0] != "--listen") args.insert(args.end(), {"--listen", "udp:0:interface=127.0.0.1"});
    if (c.args[0] != "--forward") args.insert(args.end(), {"--forward", "127.0.0.1:9"});
    CAPTURE(c.message);
    Subprocess process = netsim(args);
    CHECK(process.waitExit(kSoon) == 2);
    CHECK(process.stderrSoFar() == c.message);
  }
  Subprocess missing = netsim({"--listen", "udp:0"});
  CHECK(missing.waitExit(kSoon) != 0);
  CHECK(missing.stderrSoFar().find("--forward") != std::string::npos);
}

TEST_CASE("weft-netsim relays UDP both ways, prints its seed and counters, and a summary at Ctrl-C") {
  weft::net::SteadyClock clock;
  weft::testing::RecordingLogger log;
  Echo server;
  Echo client;
  client.echo = false;
  weft::net::Reactor reactor(clock, weft::test::quietConfig(log));
  auto serverPort = listenUdp(reactor, loopbackUdp(), server);
  auto clientPort = listenUdp(reactor, loopbackUdp(), client);
  REQUIRE((serverPort.ok() && clientPort.ok()));

  Subprocess relay = netsim({"--listen", "udp:0:interface=127.0.0.1", "--forward",
                             (*serverPort)->address().toString(), "--latency", "20ms", "--seed",
                             "1234", "--report", "200ms"});
  auto started = relay.waitForLine("relaying", kSoon);
  REQUIRE(started);
  CHECK(started->find("-> " + (*serverPort)->address().toString()) != std::string::npos);
  CHECK(started->find("latency 20ms") != std::string::npos);
  CHECK(started->ends_with("seed 1234"));
  const Address relayAddress = Address::loopbackIPv4(relayPort(*started));

  const auto sent = clock.now();
  for (int i = 0; i < 3; ++i) client.transport().write("ping " + std::to_string(i), relayAddress);
  REQUIRE(pumpUntil(reactor, [&] { return client.received.size() == 3; }, kSoon));
  CHECK(clock.now() - sent >= 40ms);  // 20 ms each way
  CHECK(server.received.size() == 3);
  CHECK(relay.waitForLine("received 6 forwarded 6", kSoon));  // a periodic report

  relay.signal(SIGINT);
  CHECK(relay.waitExit(kSoon) == 0);
  const std::string out = relay.stdoutSoFar();
  CHECK(out.ends_with(
      "weft-netsim: clients 1 delayed 0 received 6 forwarded 6 dropped 0 duplicated 0 oversized 0 "
      "refused 0 expired 0\n"));
  CHECK(relay.stderrSoFar() == "");
}

TEST_CASE("weft-netsim with a port in use says so and exits 1") {
  weft::net::SteadyClock clock;
  weft::testing::RecordingLogger log;
  Echo holder;
  weft::net::Reactor reactor(clock, weft::test::quietConfig(log));
  auto held = listenUdp(reactor, loopbackUdp(), holder);
  REQUIRE(held.ok());
  Subprocess relay = netsim({"--listen",
                             "udp:" + std::to_string((*held)->address().port()) + ":interface=127.0.0.1",
                             "--forward", "127.0.0.1:9"});
  CHECK(relay.waitExit(kSoon) == 1);
  CHECK(relay.stderrSoFar().find("address already in use") != std::string::npos);
}
