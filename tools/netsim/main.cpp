// weft-netsim: a UDP relay that adds latency, jitter, loss, duplication, reordering and a
// bandwidth cap between a game's clients and its server (UdpRelay on a Reactor). Prints its seed
// at start, a one-line summary of its counters periodically and at Ctrl-C.
// Run: weft-netsim --listen udp:7780 --forward 127.0.0.1:7777 --latency 50ms --loss 5%
// Tests: tests/tools/netsim/weft_netsim_test.cpp

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>

#include "net/core/looping_call.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/netsim/udp_relay.h"
#include "net/udp/udp_endpoint.h"
#include "tools/netsim/netsim_values.h"

namespace {

using weft::net::Result;

// Converts one option's text, or reports "weft-netsim: --loss: '120%' is over 100%" and fails.
template <typename T>
bool convert(const std::string& option, const std::string& text,
             Result<T> (*parse)(std::string_view), T& out) {
  auto parsed = parse(text);
  if (!parsed) {
    std::cerr << "weft-netsim: " << option << ": " << parsed.error().message << "\n";
    return false;
  }
  out = *parsed;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "weft-netsim: a UDP relay that puts a simulated network between a game's clients and its "
      "server. Clients send to --listen; each gets its own socket toward --forward, so the server "
      "sees distinct peers. Latency, jitter, loss, duplication and reordering apply to each "
      "direction (latency is one way: a round trip adds it twice)."};
  std::string listen;
  std::string forward;
  std::string latency = "0";
  std::string jitter = "0";
  std::string loss = "0";
  std::string duplicate = "0";
  std::string reorder = "0";
  std::string reorderDelay = "10ms";
  std::string bandwidth = "0";
  std::string idle = "60s";
  std::string report = "5s";
  std::optional<std::uint64_t> seed;
  app.add_option("--listen", listen, "where clients send: udp:PORT or udp:PORT:interface=ADDR")
      ->required();
  app.add_option("--forward", forward, "the server: HOST:PORT, HOST numeric")->required();
  app.add_option("--latency", latency, "one-way delay, e.g. 50ms")->capture_default_str();
  app.add_option("--jitter", jitter, "each delay varies by up to ± this, e.g. 10ms")
      ->capture_default_str();
  app.add_option("--loss", loss, "share of datagrams dropped, e.g. 5%")->capture_default_str();
  app.add_option("--duplicate", duplicate, "share delivered twice, e.g. 1%")->capture_default_str();
  app.add_option("--reorder", reorder, "share held back by --reorder-delay, e.g. 2%")
      ->capture_default_str();
  app.add_option("--reorder-delay", reorderDelay, "how long a reordered datagram is held")
      ->capture_default_str();
  app.add_option("--bandwidth", bandwidth, "cap per direction, e.g. 256KB/s, 8Mbit/s; 0: none")
      ->capture_default_str();
  app.add_option("--seed", seed,
                 "the random seed, to replay a run (default: a random one, printed)");
  app.add_option("--idle-timeout", idle, "forget a client silent this long")->capture_default_str();
  app.add_option("--report", report, "print the counters this often; 0: only at exit")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;  // as for every bad value below
  }

  weft::net::UdpRelayConfig config;
  weft::net::LinkConditions& c = config.toTarget;
  weft::net::Duration reportEvery{};
  using weft::netsim::parseBandwidth;
  using weft::netsim::parseDuration;
  using weft::netsim::parsePercent;
  const bool ok = convert("--forward", forward, weft::netsim::parseForward, config.target) &&
                  convert("--latency", latency, parseDuration, c.latency) &&
                  convert("--jitter", jitter, parseDuration, c.jitter) &&
                  convert("--loss", loss, parsePercent, c.lossPercent) &&
                  convert("--duplicate", duplicate, parsePercent, c.duplicatePercent) &&
                  convert("--reorder", reorder, parsePercent, c.reorderPercent) &&
                  convert("--reorder-delay", reorderDelay, parseDuration, c.reorderDelay) &&
                  convert("--bandwidth", bandwidth, parseBandwidth, c.bandwidthBytesPerSecond) &&
                  convert("--idle-timeout", idle, parseDuration, config.idleTimeout) &&
                  convert("--report", report, parseDuration, reportEvery);
  if (!ok) return 2;
  if (config.idleTimeout <= weft::net::Duration::zero()) {
    std::cerr << "weft-netsim: --idle-timeout: must be above 0\n";
    return 2;
  }
  auto endpoint = weft::net::parseServerEndpoint(listen);
  if (!endpoint || endpoint->kind != &weft::net::kUdpKind) {
    std::cerr << "weft-netsim: --listen: "
              << (endpoint ? "'" + listen + "' is not a UDP endpoint such as udp:7780"
                           : endpoint.error().message)
              << "\n";
    return 2;
  }
  config.listen = *endpoint;
  config.toClient = config.toTarget;
  config.seed = seed;

  weft::net::SteadyClock clock;
  weft::net::StderrLogger logger;
  weft::net::ReactorConfig reactorConfig;
  reactorConfig.logger = &logger;
  weft::net::Reactor reactor(clock, reactorConfig);
  auto relay = weft::net::UdpRelay::start(reactor, config);
  if (!relay) {
    std::cerr << "weft-netsim: " << relay.error().message << "\n";
    return 1;
  }
  std::cout << "weft-netsim: relaying " << (*relay)->address().toString() << " -> "
            << config.target.toString() << " (" << config.toTarget.describe() << " each way), seed "
            << (*relay)->seed() << std::endl;

  auto summary = [&] {
    std::cout << "weft-netsim: " << (*relay)->counters().summary() << std::endl;
  };
  std::optional<weft::net::LoopingCall> reporter;
  if (reportEvery > weft::net::Duration::zero()) {
    reporter.emplace(reactor.scheduler(), summary);
    (void)reporter->start(reportEvery, /*now=*/false);
  }
  weft::net::SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) { reactor.stop(); });
  reactor.run();
  summary();
  return 0;
}
