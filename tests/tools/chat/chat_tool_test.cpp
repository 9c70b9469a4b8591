// The chat tools' shared pieces: which protocol an endpoint speaks, ircLogBot's time formats
// and lines.

#include "tools/chat/chat_tool.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sstream>

#include "tools/chat/chat_log.h"

using namespace weft::chat_tools;
using namespace weft::net;
using namespace std::chrono_literals;

namespace {

// Local time is UTC for these tests, whatever the machine says.
struct UtcZone {
  UtcZone() {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
};
const UtcZone utc;

const ChatTime kNoon = ChatTime{std::chrono::sys_days{std::chrono::year{2024} / 3 / 7}} + 12h + 3min + 9s;

ChatEvent message(ChatKind kind, std::string sender, std::string text, std::string renamedTo = "") {
  ChatEvent e;
  e.type = ChatEvent::Type::Message;
  e.message.seq = 5;
  e.message.time = kNoon;
  e.message.kind = kind;
  e.message.sender = std::move(sender);
  e.message.text = std::move(text);
  e.message.renamedTo = std::move(renamedTo);
  return e;
}

}  // namespace

TEST_CASE("tcp, tcp6 and unix endpoints speak telnet unless asked for the game protocol") {
  const auto tcp = parseChatEndpoint("tcp:5555", Endpoint::Role::Server);
  REQUIRE(tcp.ok());
  CHECK(*frontFor(*tcp, "tcp:5555", false) == Front::Telnet);
  CHECK(*frontFor(*tcp, "tcp:5555", true) == Front::Game);
  const auto unixSocket = parseChatEndpoint("unix:/tmp/chat.sock", Endpoint::Role::Client);
  REQUIRE(unixSocket.ok());
  CHECK(*frontFor(*unixSocket, "unix:/tmp/chat.sock", false) == Front::Telnet);
  const auto enet = parseChatEndpoint("enet:5556", Endpoint::Role::Server);
  REQUIRE(enet.ok());
  CHECK(*frontFor(*enet, "enet:5556", false) == Front::Game);
}

TEST_CASE("udp and malformed endpoints are refused, naming the problem") {
  const auto udp = parseChatEndpoint("udp:5555", Endpoint::Role::Server);
  REQUIRE_FALSE(udp.ok());
  CHECK(udp.error().message == "udp:5555: chat runs over tcp, tcp6, unix or enet, not udp");
  const auto bad = parseChatEndpoint("tcp:77x7", Endpoint::Role::Server);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "tcp:77x7: port '77x7' is not a number");
}

TEST_CASE("times read as ircLogBot writes them, in local time") {
  CHECK(clockTime(kNoon) == "12:03:09");
  CHECK(asctimeOf(kNoon) == "Thu Mar  7 12:03:09 2024");
}

TEST_CASE("each room message becomes one ircLogBot-style line stamped with its own time") {
  CHECK(logLine(message(ChatKind::Say, "anna", "hello"), {}) == "[12:03:09] <anna> hello");
  CHECK(logLine(message(ChatKind::Me, "anna", "waves"), {}) == "[12:03:09] * anna waves");
  CHECK(logLine(message(ChatKind::Join, "anna", "All welcome"), {}) ==
        "[12:03:09] [anna has joined]");
  CHECK(logLine(message(ChatKind::Leave, "anna", "x"), {}) == "[12:03:09] [anna has gone away]");
  CHECK(logLine(message(ChatKind::Rename, "anna", "x", "annie"), {}) ==
        "[12:03:09] [anna is now known as annie]");
  CHECK(logLine(message(ChatKind::Notice, "", "Shutting down"), {}) ==
        "[12:03:09] [Shutting down]");
  CHECK(logLine(message(ChatKind::Say, "a\x1b[2Jnna", "hi\x07"), {}) == "[12:03:09] <anna> hi");
}

// Each of the room's lines has a forger: a member named like its first words, or doing the rest.
TEST_CASE("no member's line in the log reads as one of the room's, nor the other way round") {
  const std::string forged[] = {
      *logLine(message(ChatKind::Me, "anna", "has joined"), {}),
      *logLine(message(ChatKind::Me, "anna", "has gone away"), {}),
      *logLine(message(ChatKind::Me, "anna", "is now known as annie"), {}),
      *logLine(message(ChatKind::Say, "anna", "has joined"), {}),
  };
  const std::string room[] = {
      *logLine(message(ChatKind::Join, "* anna", "All welcome"), {}),
      *logLine(message(ChatKind::Leave, "* anna", "x"), {}),
      *logLine(message(ChatKind::Rename, "* anna", "x", "annie"), {}),
      *logLine(message(ChatKind::Join, "<anna>", "All welcome"), {}),
  };
  for (const std::string& line : forged) {
    INFO(line);
    CHECK(line.substr(11, 1) != "[");  // after "[12:03:09] "
    for (const std::string& said : room) CHECK(line != said);
  }
  for (const std::string& line : room) {
    INFO(line);
    CHECK(line.substr(11, 1) == "[");
  }
  CHECK(room[0] == "[12:03:09] [* anna has joined]");
}

TEST_CASE("private answers and replays stay out of the log; connections are stamped now") {
  CHECK_FALSE(logLine(message(ChatKind::Private, "", "Bye!"), kNoon).has_value());
  ChatEvent replay = message(ChatKind::Say, "anna", "old");
  replay.replay = true;
  CHECK_FALSE(logLine(replay, kNoon).has_value());

  ChatEvent joined;
  joined.type = ChatEvent::Type::Joined;
  CHECK(logLine(joined, kNoon) == "[12:03:09] [connected at Thu Mar  7 12:03:09 2024]");
  ChatEvent gone;
  gone.type = ChatEvent::Type::Disconnected;
  CHECK(logLine(gone, kNoon + 1s) == "[12:03:10] [disconnected at Thu Mar  7 12:03:10 2024]");
  ChatEvent missed;
  missed.type = ChatEvent::Type::Missed;
  missed.missed = 12;
  CHECK(logLine(missed, kNoon) ==
        "[12:03:09] [12 messages missed: the server's history did not reach back that far]");
  ChatEvent failed;
  failed.type = ChatEvent::Type::Failed;
  CHECK_FALSE(logLine(failed, kNoon).has_value());
}

TEST_CASE("the console logger prints every line sanitised: logs carry names and servers' words") {
  std::ostringstream captured;
  std::streambuf* const stdoutBuffer = std::cout.rdbuf(captured.rdbuf());
  ConsoleLogger console;
  console.info("disconnected: \x1b]0;owned\x07\x1b[2J\u202Eevil\u200B");
  std::cout.rdbuf(stdoutBuffer);
  const std::string line = captured.str();
  CHECK(line.ends_with("] disconnected: evil\n"));
  CHECK(line.find('\x1b') == std::string::npos);
}
