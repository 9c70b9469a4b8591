// arena-server: the arena's headless dedicated server — the game on ENet (or framed TCP), its
// chat room on every game connection and for telnet users, LAN discovery, bots, a status line.
// Run: arena-server --help. Tests: tests/tools/arena/arena_server_test.cpp

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "game/proto/limits.h"
#include "game/server/arena_chat_notices.h"
#include "game/server/arena_protocol.h"
#include "game/server/arena_server.h"
#include "net/chat/chat_room.h"
#include "net/chat/telnet_chat.h"
#include "net/core/endpoint_kind.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/str_cat.h"
#include "net/discovery/discovery_server.h"
#include "net/endpoints/builtin_endpoints.h"
#include "tools/arena/map_lookup.h"
#include "tools/chat/chat_tool.h"

namespace {

using namespace weft::net;
namespace server = weft::game::server;
namespace proto = weft::game::proto;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr auto kGoodbyeTime = std::chrono::seconds(3);
constexpr auto kGoodbyeCheck = std::chrono::milliseconds(20);

constexpr const char* kDescription =
    "arena-server: the arena's dedicated server. Players connect with the arena client on the "
    "game endpoint; the server is the authority (50 ticks a second), sends snapshots at the "
    "snapshot rate, fills empty places with bots, keeps a dropped player's place for 60 s so "
    "the client resumes into it, and hosts a chat room that game players (on their game "
    "connection) and telnet users (--listen-chat) share, with the kill feed in it. It answers "
    "LAN browsers (weft-lan browse) on the discovery port. A status line every 5 s; Ctrl-C or "
    "SIGTERM tells every player why, then exits 0. Every option may also come from the "
    "environment (ARENA_NAME, ARENA_BOTS, ...: the option's name in capitals).";

constexpr const char* kFooter =
    "Examples:\n"
    "  arena-server --name \"LAN party\" --bots 3\n"
    "  arena-server --listen enet:7777 --listen-chat tcp:7779 --map cross --password sesame\n"
    "  weft-lan browse                                    (lists it)\n"
    "  nc localhost 7779                                  (its chat, as a telnet user)\n";

struct Options {
  std::vector<std::string> listen = {"enet:7777"};
  std::string listenChat;
  std::string discovery = "udp:7778";
  server::ArenaServerConfig arena;
  std::vector<std::string> maps;
  std::string password;
  std::string record;
  double statusSeconds = 5;
  bool quiet = false;
};

void addOptions(CLI::App& cli, Options& o) {
  cli.add_option("--listen", o.listen,
                 "Where players connect (repeatable): enet:PORT, or tcp:PORT for the game in "
                 "length-prefixed frames")
      ->envname("ARENA_LISTEN")
      ->capture_default_str()
      ->type_name("ENDPOINT");
  cli.add_option("--listen-chat", o.listenChat,
                 "Where telnet users join the server's chat room (tcp:PORT); none by default")
      ->envname("ARENA_LISTEN_CHAT")
      ->type_name("ENDPOINT");
  cli.add_option("--discovery", o.discovery,
                 "Where the server answers LAN browsers (udp:PORT), or \"none\"")
      ->envname("ARENA_DISCOVERY")
      ->capture_default_str()
      ->type_name("ENDPOINT");
  cli.add_option("--name", o.arena.name, "The server's name in LAN browsers and the Welcome")
      ->envname("ARENA_NAME")
      ->capture_default_str();
  cli.add_option("--max-players", o.arena.maxPlayers, "Players at once, bots included")
      ->envname("ARENA_MAX_PLAYERS")
      ->capture_default_str()
      ->check(CLI::Range(1, weft::game::sim::kMaxPlayers));
  cli.add_option("--max-spectators", o.arena.maxSpectators,
                 "Spectators beyond the players (a full server still takes them)")
      ->envname("ARENA_MAX_SPECTATORS")
      ->capture_default_str()
      ->check(CLI::Range(0, weft::game::sim::kMaxPlayers));
  cli.add_option("--bots", o.arena.bots,
                 "Bots that play whenever there is room; a human who finds the server full "
                 "takes a bot's place (0: none)")
      ->envname("ARENA_BOTS")
      ->capture_default_str()
      ->check(CLI::Range(0, weft::game::sim::kMaxPlayers));
  cli.add_option("--map", o.maps,
                 "The map rotation (repeatable): a name from assets/maps or a file; default: "
                 "every shipped map")
      ->envname("ARENA_MAP")
      ->type_name("NAME|FILE");
  cli.add_option("--password", o.password, "A password players must give (default: none)")
      ->envname("ARENA_PASSWORD");
  cli.add_option("--snapshot-rate", o.arena.snapshotRate,
                 "Snapshots a second to each client; must divide the tick rate (50 on a LAN)")
      ->envname("ARENA_SNAPSHOT_RATE")
      ->capture_default_str()
      ->check(CLI::Range(1, 240));
  cli.add_option("--tick-rate", o.arena.sim.ticksPerSecond, "Simulation ticks a second")
      ->envname("ARENA_TICK_RATE")
      ->capture_default_str()
      ->check(CLI::Range(10, 240));
  cli.add_option("--score-limit", o.arena.sim.scoreLimit, "Kills that win a match (0: none)")
      ->envname("ARENA_SCORE_LIMIT")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  cli.add_option("--time-limit", o.arena.sim.timeLimit, "Seconds a match lasts at most (0: none)")
      ->envname("ARENA_TIME_LIMIT")
      ->capture_default_str()
      ->check(CLI::Range(0, 24 * 3600));
  cli.add_option("--seed", o.arena.seed, "The world's and the bots' random seed")
      ->envname("ARENA_SEED")
      ->capture_default_str();
  cli.add_option("--record", o.record,
                 "Write the match record here (inputs, joins, maps and a checksum a second: a "
                 "replay through the simulation reproduces the match)")
      ->envname("ARENA_RECORD")
      ->type_name("FILE");
  cli.add_option("--status-interval", o.statusSeconds, "Seconds between status lines (0: none)")
      ->envname("ARENA_STATUS_INTERVAL")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.0, 3600.0)));
  cli.add_flag("--quiet", o.quiet, "Log only warnings (no joins, leaves or status lines)")
      ->envname("ARENA_QUIET");
}

double percentileMs(std::vector<Duration> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
  return toSeconds(samples[index]) * 1000;
}

std::string statusLine(server::ArenaServer& arena) {
  const std::vector<NetStats> clients = arena.clientStats();
  double down = 0, up = 0;
  for (const NetStats& s : clients) {
    down += s.bytesSentPerSecond;
    up += s.bytesReceivedPerSecond;
  }
  const double n = clients.empty() ? 1 : static_cast<double>(clients.size());
  const std::vector<Duration> ticks = arena.takeTickDurations();
  char line[256];
  std::snprintf(line, sizeof line,
                "status: %d/%d players (%d bots), %d spectators; per client %.1f KB/s down, "
                "%.1f KB/s up; tick p50 %.3f ms, p99 %.3f ms",
                arena.playerCount(), arena.config().maxPlayers, arena.botCount(),
                arena.spectatorCount(), down / n / 1000, up / n / 1000, percentileMs(ticks, 0.5),
                percentileMs(ticks, 0.99));
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;  // tests and scripts read the log live, through a pipe
  CLI::App cli(kDescription, "arena-server");
  cli.footer(kFooter);
  Options o;
  addOptions(cli, o);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : kExitUsage;
  }
  const auto usage = [](const std::string& message) {
    std::cerr << "arena-server: " << message << "\n";
    return kExitUsage;
  };

  std::vector<Endpoint> gameEndpoints;
  for (const std::string& text : o.listen) {
    auto endpoint = parseServerEndpoint(text);
    if (!endpoint) return usage(strCat("--listen ", endpoint.error().message));
    if (endpoint->kind->name == std::string_view("udp")) {
      return usage(strCat("--listen ", text, ": the game runs on enet: or tcp:, not plain udp:"));
    }
    gameEndpoints.push_back(*endpoint);
  }
  std::optional<Endpoint> chatEndpoint;
  if (!o.listenChat.empty()) {
    auto endpoint = weft::chat_tools::parseChatEndpoint(o.listenChat, Endpoint::Role::Server);
    if (!endpoint) return usage(strCat("--listen-chat ", endpoint.error().message));
    chatEndpoint = *endpoint;
  }
  const auto dirs = weft::arena_tools::mapDirs();
  if (o.maps.empty()) o.maps = weft::arena_tools::shippedMapNames(dirs);
  if (o.maps.empty()) return usage("no maps found; give --map FILE");
  for (const std::string& name : o.maps) {
    auto map = weft::arena_tools::loadMap(name, dirs);
    if (!map) return usage(strCat("--map ", map.error().message));
    o.arena.maps.push_back(*map);
  }
  if (!o.password.empty()) o.arena.password = o.password;
  if (const std::string problem = server::validate(o.arena); !problem.empty()) {
    return usage(problem);
  }

  // Declared so that each outlives what refers to it.
  weft::chat_tools::ConsoleLogger console(o.quiet ? LogLevel::Warning : LogLevel::Info);
  SteadyClock clock;
  ChatRoomConfig roomConfig;
  roomConfig.logger = &console;
  roomConfig.roomId = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);
  roomConfig.wallClock = {clock.now(), weft::chat_tools::wallNow()};
  ChatRoom room(clock, roomConfig);
  ReactorConfig reactorConfig;
  reactorConfig.logger = &console;
  Reactor reactor(clock, reactorConfig);
  server::ArenaServer arena(reactor.scheduler(), o.arena);
  server::ArenaChatNotices notices(arena, room, &console);
  server::ArenaFactory gameFront(arena, &room);
  TelnetChatFactory telnetFront(room);

  std::vector<std::unique_ptr<Port>> ports;
  std::uint16_t gamePort = 0;
  for (const Endpoint& endpoint : gameEndpoints) {
    auto port = reactor.listen(endpoint, gameFront);
    if (!port) {
      std::cerr << "arena-server: cannot listen: " << port.error().message << "\n";
      return kExitFailure;
    }
    std::cout << "listening on " << (*port)->address().toString() << " (the game)\n";
    if (gamePort == 0) gamePort = (*port)->address().port();
    ports.push_back(std::move(*port));
  }
  if (chatEndpoint) {
    auto port = reactor.listen(*chatEndpoint, telnetFront);
    if (!port) {
      std::cerr << "arena-server: cannot listen: " << port.error().message << "\n";
      return kExitFailure;
    }
    std::cout << "listening on " << (*port)->address().toString() << " (chat, telnet lines)\n";
    ports.push_back(std::move(*port));
  }
  std::unique_ptr<DiscoveryServer> discovery;
  if (o.discovery != "none") {
    auto endpoint = parseServerEndpoint(o.discovery);
    if (!endpoint) return usage(strCat("--discovery ", endpoint.error().message));
    LanServerInfo info{o.arena.name,
                       proto::kLanGameId,
                       proto::kProtocolVersion,
                       0,
                       static_cast<std::uint16_t>(o.arena.maxPlayers),
                       gamePort};
    DiscoveryServerConfig discoveryConfig;
    discoveryConfig.listen = *endpoint;
    auto listening = DiscoveryServer::listen(reactor, info, discoveryConfig);
    if (!listening) {
      std::cerr << "arena-server: cannot answer LAN browsers: " << listening.error().message
                << "\n";
      return kExitFailure;
    }
    discovery = std::move(*listening);
    std::cout << "answering LAN browsers on " << discovery->address().toString() << "\n";
  }

  std::ofstream record;
  if (!o.record.empty()) {
    record.open(o.record, std::ios::binary | std::ios::trunc);
    if (!record) {
      std::cerr << "arena-server: --record " << o.record << ": cannot write there\n";
      return kExitFailure;
    }
    arena.record([&](std::string_view frame) {
      record.write(frame.data(), static_cast<std::streamsize>(frame.size()));
    });
    std::cout << "recording the match to " << o.record << "\n";
  }
  arena.start();
  LoopingCall status(reactor.scheduler(), [&] {
    if (record.is_open()) record.flush();  // what a crash would lose: one interval at most
    if (discovery) (void)discovery->setPlayers(static_cast<std::uint16_t>(arena.playerCount()));
    if (o.statusSeconds > 0 && !o.quiet) console.info(statusLine(arena));
  });
  (void)status.start(o.statusSeconds > 0 ? fromSeconds(o.statusSeconds) : std::chrono::seconds(1),
                     false);

  bool stopping = false;
  std::optional<TimePoint> giveUpAt;
  const std::size_t ownHandles = reactor.openHandles() + 1;  // + the signal watcher's pipe
  std::function<void()> waitForGoodbyes = [&] {
    if (reactor.openHandles() <= ownHandles || clock.now() >= *giveUpAt) return reactor.stop();
    reactor.callLater(kGoodbyeCheck, [&] { waitForGoodbyes(); });
  };
  SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) {
    if (stopping) return reactor.stop();  // a second Ctrl-C: now
    stopping = true;
    console.info(strCat("shutting down (", arena.playerCount() - arena.botCount(), " players, ",
                        room.memberCount(), " in the chat)"));
    status.stop();
    arena.shutdown();
    room.shutdown();
    discovery.reset();
    ports.clear();
    giveUpAt = clock.now() + kGoodbyeTime;
    waitForGoodbyes();
  });
  reactor.run();
  if (record.is_open()) record.flush();
  console.info("stopped");
  return 0;
}
