// weft-lan announce: answers discovery queries for one game server, as a dedicated server
// would, and takes commands on stdin to change what it says while it runs ("players 3").
// Run: weft-lan announce --name "LAN party" --game-port 7777 --max-players 8

#include <charconv>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "net/core/endpoint.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/standard_io.h"
#include "net/core/str_cat.h"
#include "net/discovery/discovery_server.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/protocols/line_receiver.h"
#include "net/udp/udp_endpoint.h"
#include "tools/lan/lan_commands.h"
#include "tools/lan/lan_text.h"

namespace weft::lan {
namespace {

struct AnnounceOptions {
  std::string name;
  std::uint16_t gamePort = 0;
  std::string listen = "udp:7778";
  std::string gameId = formatGameId(kDefaultGameId);
  std::uint32_t protocolVersion = 0;
  std::uint16_t players = 0;
  std::uint16_t maxPlayers = 16;
};

constexpr std::string_view kCommands = "players N, name TEXT, stats";

// One command per line. A bad one is reported on stderr and changes nothing; the server keeps
// answering with what it had. End of input (stdin is /dev/null, say) only ends the commands.
class Commands final : public net::LineReceiver {
 public:
  explicit Commands(net::DiscoveryServer& server)
      : LineReceiver({.delimiter = "\n", .lenient = true, .maxLength = 1024}), server_(server) {}

  void lineReceived(std::string_view line) override {
    const std::size_t space = line.find(' ');
    const std::string_view verb = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? "" : line.substr(space + 1);
    if (verb == "players") {
      unsigned players = 0;
      auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), players);
      if (rest.empty() || error != std::errc() || end != rest.data() + rest.size() ||
          players > 65535) {
        return refuse(line, "players takes a number from 0 to 65535");
      }
      if (auto set = server_.setPlayers(static_cast<std::uint16_t>(players)); !set) {
        return refuse(line, set.error().message);
      }
      std::cout << "players " << players << "/" << server_.info().maxPlayers << "\n";
    } else if (verb == "name") {
      net::LanServerInfo info = server_.info();
      info.name = rest;
      if (auto set = server_.setInfo(info); !set) return refuse(line, set.error().message);
      std::cout << "name \"" << info.name << "\"\n";
    } else if (verb == "stats") {
      std::cout << summary(server_.counters()) << "\n";
    } else if (!line.empty()) {
      refuse(line, net::strCat("unknown command; commands: ", kCommands));
    }
  }
  void connectionLost(const net::Reason&) override {
    std::cout << "end of commands (stdin closed); still announcing\n";
  }
  void lineLengthExceeded(std::string_view) override {
    std::cerr << "weft-lan announce: a command line over 1024 bytes was skipped\n";
  }

 private:
  void refuse(std::string_view line, std::string_view why) {
    std::cerr << "weft-lan announce: '" << line << "': " << why << "\n";
  }
  net::DiscoveryServer& server_;
};

int announce(const AnnounceOptions& options) {
  auto gameId = parseGameId(options.gameId);
  if (!gameId) {
    std::cerr << "weft-lan announce: --game-id: " << gameId.error().message << "\n";
    return kExitUsage;
  }
  auto endpoint = net::parseServerEndpoint(options.listen);
  if (!endpoint || endpoint->kind != &net::kUdpKind) {
    std::cerr << "weft-lan announce: --listen "
              << (endpoint ? options.listen + ": give a udp: or udp6: endpoint"
                           : endpoint.error().message)
              << "\n";
    return kExitUsage;
  }
  net::LanServerInfo info;
  info.name = options.name;
  info.gameId = *gameId;
  info.protocolVersion = options.protocolVersion;
  info.players = options.players;
  info.maxPlayers = options.maxPlayers;
  info.gamePort = options.gamePort;
  if (auto valid = net::validate(info); !valid) {
    std::cerr << "weft-lan announce: " << valid.error().message << "\n";
    return kExitUsage;
  }

  net::SteadyClock clock;
  net::Reactor reactor(clock);
  net::SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) { reactor.stop(); });
  net::DiscoveryServerConfig config;
  config.listen = *endpoint;
  auto server = net::DiscoveryServer::listen(reactor, info, config);
  if (!server) {
    std::cerr << "weft-lan: " << server.error().message << "\n";  // "discovery server: ..."
    return kExitFailure;
  }
  std::cout << "announcing \"" << info.name << "\" for game " << formatGameId(info.gameId)
            << ", game port " << info.gamePort << ", on " << (*server)->address().toString()
            << "; commands: " << kCommands << "\n";
  net::StandardIO input(reactor, std::make_unique<Commands>(**server));
  reactor.run();
  std::cout << summary((*server)->counters()) << "\n";
  return 0;
}

}  // namespace

Command announceCommand(CLI::App& parent) {
  auto options = std::make_shared<AnnounceOptions>();
  CLI::App* cli = parent.add_subcommand(
      "announce",
      "Answer LAN discovery queries for a game server; commands on stdin change "
      "what it says (players N, name TEXT, stats). Each host is answered at most 4 "
      "times a second, all together 256; the first 64 hosts answered keep 2 a "
      "second while others flood it with queries");
  cli->add_option("--name", options->name, "Server name shown in browsers (UTF-8, 64 bytes)")
      ->required();
  cli->add_option("--game-port", options->gamePort, "Where players connect to play")->required();
  cli->add_option("--listen", options->listen,
                  "Discovery endpoint; udp:PORT on every interface hears broadcasts")
      ->capture_default_str();
  cli->add_option("--game-id", options->gameId, "ARNA or a number")->capture_default_str();
  cli->add_option("--protocol-version", options->protocolVersion, "The game's protocol version")
      ->capture_default_str();
  cli->add_option("--players", options->players, "Players now")->capture_default_str();
  cli->add_option("--max-players", options->maxPlayers, "Players at most")->capture_default_str();
  return {cli, [options] { return announce(*options); }};
}

}  // namespace weft::lan
