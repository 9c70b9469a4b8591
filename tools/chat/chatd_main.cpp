// weft-chatd: the chat server — one ChatRoom reachable by telnet/nc on line endpoints and by
// game clients (ChatClient, weft-chat --game, weft-chatlog) on game endpoints; logs joins and
// leaves; Ctrl-C tells every member the server is shutting down, then exits cleanly.
// Run: weft-chatd --help. Tests: tests/tools/chat/chatd_test.cpp

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "net/chat/chat_room.h"
#include "net/chat/game_chat.h"
#include "net/chat/telnet_chat.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_config.h"
#include "net/enet/enet_endpoint.h"
#include "tools/chat/chat_tool.h"

namespace {

using namespace weft::net;
using weft::chat_tools::Front;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
// After Ctrl-C, connections get this long to take their goodbye before the server exits.
constexpr auto kGoodbyeTime = std::chrono::seconds(3);
constexpr auto kGoodbyeCheck = std::chrono::milliseconds(20);

constexpr const char* kDescription =
    "weft-chatd: the chat server. One room, reachable at once by telnet or nc users (a name "
    "prompt, /help, /list, /nick, /me, /quit, /history N) and by game clients "
    "(structured messages with sequence numbers, so a client that reconnects gets what it "
    "missed). Joins and leaves are logged on stdout. Ctrl-C tells everyone the server is "
    "shutting down, then exits.\n\n"
    "Which protocol an endpoint speaks: --listen tcp:, tcp6: and unix: endpoints speak telnet "
    "lines; --listen enet: endpoints speak the game protocol (ENet's reliable channel); "
    "--listen-game speaks the game protocol over any of them (length-prefixed frames on TCP: "
    "how weft-chat --game and weft-chatlog connect without ENet).";

constexpr const char* kFooter =
    "Examples:\n"
    "  weft-chatd --listen tcp:5555 --listen-game tcp:5557\n"
    "  nc localhost 5555                                   (then type your name)\n"
    "  weft-chat --connect tcp:localhost:5555 --name anna\n"
    "  weft-chatlog --connect tcp:localhost:5557 --file chat.log\n";

struct Listen {
  std::string text;
  Endpoint endpoint;
  Front front;
};

// Ten thousand members need ten thousand descriptors: take what the hard limit allows.
void raiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::string joinHint(const Endpoint& endpoint, const Address& address, Front front) {
  const bool local = address.host() == "0.0.0.0" || address.host() == "::" || address.isLoopback();
  const std::string host = local ? std::string("localhost") : address.host();
  if (address.family() == Address::Family::Unix) {
    return front == Front::Game ? strCat("weft-chat --game --connect unix:", address.host())
                                : strCat("nc -U ", address.host());
  }
  if (endpoint.kind == &kEnetKind) {
    return strCat("weft-chat --connect enet:", host, ":", address.port());
  }
  if (front == Front::Game)
    return strCat("weft-chat --game --connect tcp:", host, ":", address.port());
  return strCat("nc ", host, " ", address.port());
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;  // tests and scripts read the log live, through a pipe
  CLI::App cli(kDescription, "weft-chatd");
  cli.footer(kFooter);
  std::vector<std::string> lineTexts, gameTexts;
  ChatRoomConfig config;
  double nameTimeoutSeconds = toSeconds(config.nameTimeout);
  GameChatConfig gameConfig;
  TelnetChatConfig telnetConfig;
  double helloTimeoutSeconds = toSeconds(gameConfig.helloTimeout);
  double telnetHelloTimeoutSeconds = toSeconds(telnetConfig.helloTimeout);
  EnetHandshakeLimits handshakes;
  double handshakeTimeoutSeconds = toSeconds(handshakes.timeout);
  bool quiet = false;
  cli.add_option("--listen", lineTexts,
                 "Where to listen (repeatable): tcp:PORT, tcp:PORT:interface=ADDR, tcp6:PORT, "
                 "unix:PATH speak telnet lines; enet:PORT speaks the game protocol")
      ->type_name("ENDPOINT");
  cli.add_option("--listen-game", gameTexts,
                 "Where game clients connect (repeatable): the game protocol, framed over "
                 "tcp/tcp6/unix, native on enet")
      ->type_name("ENDPOINT");
  cli.add_option("--max-members", config.maxMembers,
                 "Members at once, those still typing their name included; the next one is "
                 "told \"Too many connections, try later\"")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  cli.add_option("--max-per-address", config.maxPerAddress,
                 "Places one IP address may hold at once, those still typing their name "
                 "included; the next one from it is told \"Too many connections from your "
                 "address, try later\" (0: no limit; unix: connections are not counted)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}));
  cli.add_option("--history", config.historySize,
                 "Messages kept for clients that reconnect, and for /history")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}));
  cli.add_option("--rate", config.rate.perSecond,
                 "Messages per second each member may send, sustained (0: no limit)")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.0, 1e6)));
  cli.add_option("--burst", config.rate.burst, "Messages a member may send back to back")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cli.add_option("--flood-strikes", config.rate.floodStrikes,
                 "Refused messages in a row that disconnect a flooding member")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cli.add_option("--name-timeout", nameTimeoutSeconds,
                 "Seconds a new connection may take to give its name before, when the room is "
                 "full, its place goes to a newcomer")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.0, 86400.0)));
  cli.add_option("--hello-timeout", helloTimeoutSeconds,
                 "Seconds a game client may take to say hello after connecting, full room or "
                 "not; then it is told \"You took too long\" (code 2003) and disconnected, so "
                 "connections that never speak cannot fill the ENet port's peers")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.01, 86400.0)));
  cli.add_option("--telnet-hello-timeout", telnetHelloTimeoutSeconds,
                 "Seconds a telnet user may sit at the name prompt, full room or not, before "
                 "the connection is closed (a person types slower than a program says hello)")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.01, 86400.0)));
  cli.add_option("--enet-handshakes", handshakes.maxInProgress,
                 "ENet handshakes an enet: port keeps at once (clients that sent ENet's CONNECT "
                 "and have not yet answered), in slots of their own beyond its peers; past it "
                 "a CONNECT pushes out the oldest, so CONNECTs forged from spoofed addresses "
                 "cannot keep real clients out")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{4094}));
  cli.add_option("--enet-handshakes-per-address", handshakes.maxPerAddress,
                 "ENet handshakes one IP address may have at once; its next CONNECT is dropped "
                 "unanswered (its client sends it again)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{4094}));
  cli.add_option("--enet-handshake-timeout", handshakeTimeoutSeconds,
                 "Seconds an ENet handshake may take before it is dropped")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.01, 60.0)));
  cli.add_flag(
      "--quiet", quiet,
      "Log only warnings, not every join and leave (benchmarks with thousands of members)");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : kExitUsage;
  }
  if (lineTexts.empty() && gameTexts.empty()) {
    std::cerr << "weft-chatd: give at least one --listen or --listen-game ENDPOINT; see --help\n";
    return kExitUsage;
  }
  std::vector<Listen> listens;
  for (const auto& [texts, game] : {std::pair{&lineTexts, false}, std::pair{&gameTexts, true}}) {
    for (const std::string& text : *texts) {
      auto endpoint = weft::chat_tools::parseChatEndpoint(text, Endpoint::Role::Server);
      if (!endpoint) {
        std::cerr << "weft-chatd: " << (game ? "--listen-game " : "--listen ")
                  << endpoint.error().message << "\n";
        return kExitUsage;
      }
      auto front = weft::chat_tools::frontFor(*endpoint, text, game);
      listens.push_back({text, *endpoint, *front});
    }
  }
  raiseDescriptorLimit();

  // Declared in this order so that each outlives what refers to it: the room and the fronts
  // outlive the reactor's connections, which the reactor closes when it goes.
  weft::chat_tools::ConsoleLogger console(quiet ? LogLevel::Warning : LogLevel::Info);
  SteadyClock clock;
  config.nameTimeout = fromSeconds(nameTimeoutSeconds);
  config.logger = &console;
  config.roomId = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);
  config.wallClock = {clock.now(), weft::chat_tools::wallNow()};
  ChatRoom room(clock, config);
  telnetConfig.helloTimeout = fromSeconds(telnetHelloTimeoutSeconds);
  gameConfig.helloTimeout = fromSeconds(helloTimeoutSeconds);
  TelnetChatFactory telnetFront(room, telnetConfig);
  GameChatFactory gameFront(room, gameConfig);
  ReactorConfig reactorConfig;
  reactorConfig.logger = &console;
  handshakes.timeout = fromSeconds(handshakeTimeoutSeconds);
  reactorConfig.transports.set(EnetConfig{.handshakes = handshakes});
  Reactor reactor(clock, reactorConfig);

  std::vector<std::unique_ptr<Port>> ports;
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
    console.info(strCat("shutting down (", room.memberCount(), " members)"));
    room.shutdown();
    ports.clear();
    giveUpAt = clock.now() + kGoodbyeTime;
    waitForGoodbyes();
  });

  for (const Listen& listen : listens) {
    ServerFactory& factory =
        listen.front == Front::Telnet ? static_cast<ServerFactory&>(telnetFront) : gameFront;
    auto port = reactor.listen(listen.endpoint, factory);
    if (!port) {
      std::cerr << "weft-chatd: cannot listen: " << port.error().message << "\n";
      return kExitFailure;
    }
    std::cout << "listening on " << (*port)->address().toString() << " ("
              << weft::chat_tools::describe(listen.front) << ": "
              << joinHint(listen.endpoint, (*port)->address(), listen.front) << ")\n";
    ports.push_back(std::move(*port));
  }
  reactor.run();
  console.info("stopped");
  return 0;
}
