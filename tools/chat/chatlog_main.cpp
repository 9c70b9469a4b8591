// weft-chatlog: the log bot (Twisted's ircLogBot example, for the room) — joins the room as a game
// client and writes everything said to a file, "[HH:MM:SS] <name> text"; reconnects with backoff
// when the server goes away, and after a reconnect writes what it missed, so a dropped link or a
// server restart leaves no gap (within the server's history); keeps the room id and the last
// message number beside the log, so a restart of the bot itself leaves none either.
// Run: weft-chatlog --help. Tests: tests/tools/chat/chatlog_test.cpp

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "net/chat/chat_client.h"
#include "net/core/reactor.h"
#include "net/core/signal_watcher.h"
#include "net/core/str_cat.h"
#include "tools/chat/chat_log.h"
#include "tools/chat/chat_tool.h"
#include "tools/chat/resume_file.h"

namespace {

using namespace weft::net;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

std::string roomText(std::uint64_t id) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(id));
  return text;
}

constexpr const char* kDescription =
    "weft-chatlog: a log bot. It joins the chat room as a game client and appends every "
    "message to a file, one line each: \"[HH:MM:SS] <name> text\", \"* name action\", joins, "
    "leaves and renames in brackets (\"[anna has joined]\"), and \"[connected at ...]\" / "
    "\"[disconnected at ...]\". When the "
    "server goes away it reconnects (after 1 s, 2 s, 4 s... at most 30 s) and first writes "
    "what was said meanwhile, as far as the server's history reaches. Ctrl-C stops it.\n\n"
    "It keeps the room's id and the number of the last message it logged in a file beside the "
    "log (--resume-file), so when it is started again it first writes what was said while it "
    "was down. A server restarted meanwhile is a new room: the log says so (\"[connected at "
    "... to a new room: ...]\") and gets everything the new room kept.\n\n"
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
  std::string resumePath;
  cli.add_option("--resume-file", resumePath,
                 "Where the room id and the last logged message's number are kept, to resume "
                 "from when started again (default: the log's path with .resume appended)")
      ->type_name("PATH");
  double welcomeTimeoutSeconds = toSeconds(ChatClientConfig{}.welcomeTimeout);
  cli.add_option("--welcome-timeout", welcomeTimeoutSeconds,
                 "Seconds to wait for the room's welcome once connected; a server that accepts "
                 "and never answers is then dropped and tried again with the usual backoff")
      ->capture_default_str()
      ->check(weft::chat_tools::finite(CLI::Range(0.01, 86400.0)));
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
  if (resumePath.empty()) resumePath = path + ".resume";
  auto resume = weft::chat_tools::ResumeFile::open(resumePath);
  if (!resume) {
    std::cerr << "weft-chatlog: cannot resume: " << resume.error().message << "\n";
    return kExitFailure;
  }

  weft::chat_tools::ConsoleLogger console;
  SteadyClock clock;
  ReactorConfig reactorConfig;
  reactorConfig.logger = &console;
  Reactor reactor(clock, reactorConfig);
  ChatClientConfig config;
  config.name = name;
  config.resume = resume->point();
  config.welcomeTimeout = fromSeconds(welcomeTimeoutSeconds);
  if (config.resume) {
    console.info(strCat("resuming after message ", config.resume->lastSeq, " of room ",
                        roomText(config.resume->roomId), " (", resumePath, ")"));
  }
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
  // After the log lines, so that a bot killed between the two writes logs a line twice rather
  // than lose one.
  const auto remember = [&] {
    if (!client.roomId() || exitCode != 0) return;
    if (!resume->save({*client.roomId(), client.lastSeq()})) {
      std::cerr << "weft-chatlog: cannot write to " << resumePath << "; stopping\n";
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
    remember();
  });
  SignalWatcher signals(reactor, {SIGINT, SIGTERM}, [&](int) {
    client.stop();  // writes [disconnected at ...] if it was connected
    reactor.stop();
  });
  reactor.run();
  return exitCode;
}
