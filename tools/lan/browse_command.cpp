// weft-lan browse: queries the LAN (or one address) every interval and prints each server as it
// appears (+), changes (~) and stops answering (-); a summary of what it counted on Ctrl-C.
// Run: weft-lan browse; weft-lan browse --address 127.0.0.1 --interval 0.5

#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/str_cat.h"
#include "net/discovery/discovery_browser.h"
#include "tools/lan/lan_commands.h"
#include "tools/lan/lan_text.h"

namespace weft::lan {
namespace {

struct BrowseOptions {
  std::string address = "255.255.255.255";
  std::uint16_t port = net::kDiscoveryPort;
  std::string gameId = formatGameId(kDefaultGameId);
  std::string interface;
  double interval = 1;
  double timeout = 5;
};

// Prints a line per event; an update only when what the server says changed (not its RTT).
class Printer final : public net::DiscoveryListener {
 public:
  void serverAdded(const net::DiscoveredServer& server) override {
    std::cout << describeServer('+', server) << "\n";
  }
  void serverUpdated(const net::DiscoveredServer& server,
                     const net::LanServerInfo& before) override {
    if (server.info != before) std::cout << describeServer('~', server) << "\n";
  }
  void serverRemoved(const net::DiscoveredServer& server) override {
    std::cout << describeServer('-', server) << "\n";
  }
};

int browse(const BrowseOptions& options) {
  auto gameId = parseGameId(options.gameId);
  if (!gameId) {
    std::cerr << "weft-lan browse: --game-id: " << gameId.error().message << "\n";
    return kExitUsage;
  }
  for (auto [flag, seconds] :
       {std::pair{"--interval", options.interval}, std::pair{"--timeout", options.timeout}}) {
    if (!(seconds > 0 && seconds <= 3600)) {  // also keeps fromSeconds in range
      std::cerr << "weft-lan browse: " << flag << " " << seconds
                << ": give seconds above 0 and at most 3600\n";
      return kExitUsage;
    }
  }
  net::DiscoveryBrowserConfig config;
  config.gameId = *gameId;
  config.address = options.address;
  config.port = options.port;
  config.interface = options.interface;
  config.queryInterval = net::fromSeconds(options.interval);
  config.serverTimeout = net::fromSeconds(options.timeout);

  net::SteadyClock clock;
  net::Reactor reactor(clock);
  net::SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) { reactor.stop(); });
  Printer printer;
  auto browser = net::DiscoveryBrowser::start(reactor, config, &printer);
  if (!browser) {  // every way it can fail comes from the values given (port 0 is never in use)
    std::cerr << "weft-lan: " << browser.error().message << "\n";  // "discovery browser: ..."
    return kExitUsage;
  }
  std::cout << "browsing " << (*browser)->queryAddress().toString() << " for game "
            << formatGameId(*gameId) << " every " << net::strCat(config.queryInterval) << " from "
            << (*browser)->address().toString() << "\n";
  reactor.run();
  std::cout << summary((*browser)->counters(), (*browser)->servers().size()) << "\n";
  return 0;
}

}  // namespace

Command browseCommand(CLI::App& parent) {
  auto options = std::make_shared<BrowseOptions>();
  CLI::App* cli = parent.add_subcommand(
      "browse", "Print game servers on the LAN as they appear (+), change (~) and go (-)");
  cli->add_option("--address", options->address,
                  "Where queries go: the LAN broadcast address, a subnet's (192.168.1.255) or "
                  "one host's")
      ->capture_default_str();
  cli->add_option("--port", options->port, "The servers' discovery port")->capture_default_str();
  cli->add_option("--game-id", options->gameId, "Only this game's servers: ARNA or a number")
      ->capture_default_str();
  cli->add_option("--interface", options->interface,
                  "Local address to send from (default: every interface)");
  cli->add_option("--interval", options->interval, "Seconds between queries")
      ->capture_default_str();
  cli->add_option("--timeout", options->timeout,
                  "Seconds without an answer before a server is dropped")
      ->capture_default_str();
  return {cli, [options] { return browse(*options); }};
}

}  // namespace weft::lan
