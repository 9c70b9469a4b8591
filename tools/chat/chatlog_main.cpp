// weft-chatlog: the log bot (Twisted's ircLogBot example, for the room) — joins the room as a game
// client and writes everything said to a file, "[HH:MM:SS] <name> text"; reconnects with backoff
// when the server goes away, and after a reconnect writes what it missed, so a dropped link or a
// server restart leaves no gap (within the server's history).
// Run: weft-chatlog --help. Tests: tests/tools/chat/chatlog_test.cpp

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <string>

#include "net/chat/chat_client.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "tools/chat/chat_log.h"
#include "tools/chat/chat_tool.h"

namespace {

using namespace weft::net;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr const char* kDescription =
    "weft-chatlog: a log bot. It joins the chat room as a game client and appends every "
    "message to a file, one line each: \"[HH:MM:SS] <name> text\", \"* name action\", joins, "
    "leaves and renames in brackets (\"[anna has joined]\"), and \"[connected at ...]\" / "
    "\"[disconnected at ...]\". When the "
    "server goes away it reconnects (after 1 s, 2 s, 4 s... at most 30 s) and first writes "
    "what was said meanwhile, as far as the server's history reaches. Ctrl-C stops it.\n\n"
    "It speaks the game protocol: give weft-chatd's --listen-game endpoint (tcp:HOST:PORT, "
    "framed) or an enet:HOST:PORT one.";

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;
  CLI::App cli(kDescription, "weft-chatlog");
  cli.footer(
      "Example:\n  weft-chatd --listen tcp:5555 --listen-game tcp:5557\n"
      "  weft-chatlog --connect tcp:localhost:5557 --file chat.log\n");
  std::string connectText, path, name = "logbot";
  cli.add_option("--connect", connectText,
                 "The server's game endpoint: tcp:HOST:PORT, tcp:PORT, unix:PATH, enet:HOST:PORT")
      ->type_name("ENDPOINT")
      ->required();
  cli.add_option("--file", path, "The log file, appended to")->type_name("PATH")->required();
  cli.add_option("--name", name, "The bot's name in the room")->capture_default_str();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : kExitUsage;
  }
  auto endpoint = weft::chat_tools::parseChatEndpoint(connectText, Endpoint::Role::Client);
  if (!endpoint) {
    std::cerr << "weft-chatlog: --connect " << endpoint.error().message << "\n";
    return kExitUsage;
  }
  auto log = weft::chat_tools::ChatLog::open(path);
  if (!log) {
    std::cerr << "weft-chatlog: cannot open the log: " << log.error().message << "\n";
    return kExitFailure;
  }

  weft::chat_tools::ConsoleLogger console;
  SteadyClock clock;
  ReactorConfig reactorConfig;
  reactorConfig.logger = &console;
  Reactor reactor(clock, reactorConfig);
  ChatClientConfig config;
  config.name = name;
  ChatClient client(reactor, *endpoint, config);
  int exitCode = 0;
  const auto write = [&](const ChatEvent& event) {
    const auto line = weft::chat_tools::logLine(event, weft::chat_tools::wallNow());
    if (line && !log->write(*line)) {
      std::cerr << "weft-chatlog: cannot write to " << path << "; stopping\n";
      exitCode = kExitFailure;
      reactor.stop();
    }
  };
  client.setOnEvent([&] {
    for (const ChatEvent& event : client.takeEvents()) {
      write(event);
      if (event.type == ChatEvent::Type::Joined) console.info("in the room as " + event.name);
      if (event.type == ChatEvent::Type::Disconnected || event.type == ChatEvent::Type::Failed) {
        console.info(client.status());
        if (!event.willRetry) reactor.stop();
      }
    }
  });
  SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) {
    client.stop();  // writes [disconnected at ...] if it was connected
    reactor.stop();
  });
  reactor.run();
  return exitCode;
}
