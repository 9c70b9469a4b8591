// TelnetChat: the telnet dialogue byte for byte, over StringTransports on a ManualClock room;
// every session fed at every chunk size gives the same transcript.

#include "net/chat/telnet_chat.h"

#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"
#include "net/testing/string_transport.h"
#include "tests/support/printers.h"

using namespace std::chrono_literals;
using weft::net::ChatRoom;
using weft::net::ChatRoomConfig;
using weft::net::ReasonCode;
using weft::net::TelnetChatConfig;
using weft::net::TelnetChatProtocol;
using weft::testing::StringTransport;

namespace {

const std::string kWelcomeHint =
    "<Use /command to execute commands and /help to get a list of all commands.>\r\n";

// One telnet user: its protocol on the server and the transport the test drives.
struct User {
  User(ChatRoom& room, TelnetChatConfig config = {},
       weft::testing::StringTransportConfig connection = {})
      : protocol(room, config), transport(connection) {
    transport.connect(protocol);
  }
  std::string said() { return transport.takeWritten(); }
  void type(std::string_view bytes) { transport.receive(bytes); }

  TelnetChatProtocol protocol;
  StringTransport transport;
};

ChatRoomConfig freeTalk() {
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  return config;
}

struct Server {
  explicit Server(ChatRoomConfig config = freeTalk()) : room(clock, config) {}
  // A user who typed `name` and whose screen is cleared after the welcome.
  User& named(std::string_view name) {
    User& user = users.emplace_back(room);
    user.type(std::string(name) + "\r\n");
    user.said();
    return user;
  }
  void quiet() {
    for (User& u : users) u.said();
  }
  weft::testing::ManualClock clock;
  ChatRoom room;
  std::deque<User> users;
};

}  // namespace

TEST_CASE("a new connection is asked its name; the first line is the name") {
  Server server;
  User& anna = server.users.emplace_back(server.room);
  CHECK(anna.said() == "Whats your name?\r\n");
  anna.type("anna\r\n");
  CHECK(anna.said() ==
        "{registered as anna}\r\n<All welcome anna, client no. 1!>\r\n" + kWelcomeHint);

  User& bob = server.users.emplace_back(server.room);
  bob.said();
  bob.type("bob\n");  // a bare \n from nc works as well as telnet's \r\n
  CHECK(bob.said() == "{registered as bob}\r\n<All welcome bob, client no. 2!>\r\n" + kWelcomeHint);
  CHECK(anna.said() == "<All welcome bob, client no. 2!>\r\n");
}

TEST_CASE("past maxPerAddress a connection from that address reads why instead of the prompt") {
  ChatRoomConfig config = freeTalk();
  config.maxPerAddress = 2;
  Server server(config);
  User& anna = server.users.emplace_back(server.room);  // from 127.0.0.1:40000, as all here
  User& bob = server.users.emplace_back(server.room);
  CHECK(anna.said() == "Whats your name?\r\n");
  CHECK(bob.said() == "Whats your name?\r\n");
  User& third = server.users.emplace_back(server.room);
  CHECK(third.said() == "Too many connections from your address, try later\r\n");
  REQUIRE(third.transport.closeReason().has_value());
  CHECK(third.transport.closeReason()->code == ChatRoom::kTooManyFromAddressCode);
  CHECK_FALSE(third.transport.aborted());  // the sentence is flushed before the close

  weft::testing::StringTransportConfig elsewhere;
  elsewhere.peer = *weft::net::Address::fromNumeric("127.0.0.2", 40000);
  User& carl = server.users.emplace_back(server.room, TelnetChatConfig{}, elsewhere);
  CHECK(carl.said() == "Whats your name?\r\n");
  CHECK(server.room.placesTaken() == 3);
}

TEST_CASE("say, /me, /nick and leaving read the same for everyone") {
  Server server;
  User& anna = server.named("anna");
  User& bob = server.named("bob");
  server.quiet();
  anna.type("hello there\r\n");
  anna.type("/me waves\n");
  anna.type("/nick annie\r\n");
  const std::string everyone = "<anna>: hello there\r\n* anna waves\r\n<anna renamed to annie>\r\n";
  CHECK(anna.said() == everyone);
  CHECK(bob.said() == everyone);
  bob.transport.finish();
  CHECK(anna.said() == "<bob has gone away>\r\n");
}

TEST_CASE("/list and /help answer with the room's texts, one <line> each") {
  Server server;
  User& anna = server.named("anna");
  anna.type("/list\r\n");
  CHECK(anna.said() == "<You are alone on this server. Totally lost. Be nice!>\r\n");
  server.named("bob");
  anna.said();
  anna.type("/clients\r\n");
  CHECK(anna.said() == "<2 people are currently connected: bob and you>\r\n");
  anna.type("/help\r\n");
  CHECK(anna.said() ==
        "<Currently, the following commands are supported: >\r\n"
        "</list - get a list of all connected people >\r\n"
        "</rename newName - rename yourself >\r\n"
        "</nick newName - the same as /rename >\r\n"
        "</me action - do sth. (this will produce a \"* username action\" line >\r\n"
        "</history N - show the last N messages again >\r\n"
        "</quit - leave the chat >\r\n"
        "</help - print this help message >\r\n");
  anna.type("/what\r\n");
  CHECK(anna.said() == "<Hu? What do you mean? Try /help>\r\n");
}

TEST_CASE("a whole session gives the same bytes however TCP splits it") {
  const std::string session =
      "anna\r\nhello\n/me waves\r\n/nick\r\n/nick annie\n\n/list\r\n/history 2\r\n"
      "\xff\xf4\xff\xfd\x06typed after Ctrl-C\r\nwhat \x1b[2J now\n/help\n" +
      std::string(5000, 'x') + "\r\nstill here\r\n/quit\r\nignored after quit\r\n";
  std::string whole;
  for (std::size_t chunk = 0; chunk <= session.size();
       chunk == 0 ? chunk = 1 : chunk += chunk < 40 ? 1 : 97) {
    Server server;
    User& watcher = server.named("watcher");
    User& anna = server.users.emplace_back(server.room);
    if (chunk == 0) {
      anna.type(session);
    } else {
      weft::testing::feedInChunks(anna.transport, session, chunk);
    }
    const std::string transcript = anna.said() + "|" + watcher.said();
    CAPTURE(chunk);
    REQUIRE(anna.transport.closeReason().has_value());
    if (chunk == 0) {
      whole = transcript;
      CHECK(whole.find("<Bye!>\r\n|") != std::string::npos);
      CHECK(whole.find("ignored") == std::string::npos);
      CHECK(whole.find("<annie>: typed after Ctrl-C\r\n") != std::string::npos);
      CHECK(whole.find("<annie>: what  now\r\n") != std::string::npos);
      CHECK(whole.find("<Your line is longer than 4096 bytes; it was not sent.>") !=
            std::string::npos);
      CHECK(whole.find("<annie>: still here") != std::string::npos);
    } else {
      REQUIRE(transcript == whole);
    }
  }
}

TEST_CASE("one user's escape sequences never reach another's terminal") {
  Server server;
  User& mallory = server.named("mallory\x1b[2J");
  User& anna = server.named("anna");
  server.quiet();
  mallory.type(
      "\x1b[2J\x1b[H\x1b]0;you are hacked\x07hi \xc2\x9b"
      "31mthere\r\n");
  const std::string seen = anna.said();
  CHECK(seen == "<mallory>: hi there\r\n");
  CHECK(seen.find('\x1b') == std::string::npos);
}

TEST_CASE(
    "past the member quota a newcomer reads the refusal instead of the prompt and is closed") {
  ChatRoomConfig config = freeTalk();
  config.maxMembers = 1;
  Server server(config);
  server.named("anna");
  User& late = server.users.emplace_back(server.room);
  CHECK(late.said() == "Too many connections, try later\r\n");
  REQUIRE(late.transport.closeReason().has_value());
  CHECK(late.transport.closeReason()->code == ChatRoom::kRoomFullCode);
  late.transport.finish();  // it never had a place: nothing to give back
  CHECK(server.room.placesTaken() == 1);
}

TEST_CASE("/quit says goodbye and closes cleanly; the others hear it") {
  Server server;
  User& anna = server.named("anna");
  User& bob = server.named("bob");
  server.quiet();
  bob.type("/quit\r\n");
  CHECK(bob.said() == "<Bye!>\r\n");
  REQUIRE(bob.transport.closeReason().has_value());
  CHECK(bob.transport.closeReason()->code == ReasonCode::Done);
  CHECK(anna.said() == "<bob has gone away>\r\n");
  bob.transport.finish();  // the connection ends: no second announcement
  CHECK(anna.said().empty());
}

TEST_CASE("a connection that closes before naming itself leaves without a word") {
  Server server;
  User& anna = server.named("anna");
  User& shy = server.users.emplace_back(server.room);
  CHECK(server.room.placesTaken() == 2);
  shy.transport.finish();
  CHECK(anna.said().empty());
  CHECK(server.room.placesTaken() == 1);
}

TEST_CASE("a flooding telnet user is disconnected with the flooding reason") {
  ChatRoomConfig config;
  config.rate = {.perSecond = 1, .burst = 2, .floodStrikes = 3};
  Server server(config);
  User& anna = server.named("anna");
  User& flood = server.named("flood");
  server.quiet();
  flood.type("1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n");
  CHECK(anna.said() == "<flood>: 1\r\n<flood>: 2\r\n<flood has gone away>\r\n");
  REQUIRE(flood.transport.closeReason().has_value());
  CHECK(flood.transport.closeReason()->code == ChatRoom::kFlooding);
  CHECK(flood.said().find("<You sent too many messages too fast and were disconnected.>") !=
        std::string::npos);
}

TEST_CASE("shutdown tells every telnet user and closes them all") {
  Server server;
  User& anna = server.named("anna");
  User& naming = server.users.emplace_back(server.room);
  naming.said();
  server.room.shutdown();
  CHECK(anna.said() == "<The server is shutting down. Bye!>\r\n");
  for (User* user : {&anna, &naming}) {
    REQUIRE(user->transport.closeReason().has_value());
    CHECK(user->transport.closeReason()->code == ReasonCode::ShuttingDown);
  }
}

namespace {

// A line the room says: "<" then text without '>' then ">". renderTelnet's contract is that no
// member's line is one.
bool readsAsTheRoom(std::string_view line) {
  if (!line.ends_with(">\r\n") || !line.starts_with("<")) return false;
  return line.find('>') == line.size() - 3;
}

std::vector<std::string> linesOf(const std::string& said) {
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < said.size();) {
    const std::size_t end = said.find("\r\n", at);
    lines.push_back(said.substr(at, end + 2 - at));
    at = end + 2;
  }
  return lines;
}

}  // namespace

// Each room line has a forger: a member whose name is the line's first words, who says or does
// the rest. With Twisted's "<NAME ACTION>" for /me, every one of these read as the room's.
TEST_CASE("no member can write a line that reads as one the room says") {
  struct Forgery {
    const char* name;
    const char* typed;
    const char* roomLine;  // what it tries to be
  };
  const Forgery forgeries[] = {
      {"anna has", "/me gone away", "<anna has gone away>\r\n"},
      {"All", "/me welcome anna, client no. 1!", "<All welcome anna, client no. 1!>\r\n"},
      {"anna renamed", "/me to annie", "<anna renamed to annie>\r\n"},
      {"The server is", "/me shutting down. Bye!", "<The server is shutting down. Bye!>\r\n"},
      {"You", "/me sent too many messages too fast and were disconnected.",
       "<You sent too many messages too fast and were disconnected.>\r\n"},
      {"anna has gone away", "\u00A0\u200B\u3000", "<anna has gone away>\r\n"},
      {"<anna has gone away>", "hi", "<anna has gone away>\r\n"},
      {"anna has gone", "/me away>", "<anna has gone away>\r\n"},
      {"anna>", "has gone away", "<anna has gone away>\r\n"},
  };
  for (const Forgery& forgery : forgeries) {
    INFO("the forger is called \"", std::string(forgery.name), "\" and types \"",
         std::string(forgery.typed), "\"");
    ChatRoomConfig config = freeTalk();
    config.maxNameCharacters = 60;
    Server server(config);
    User& anna = server.named("anna");
    User& forger = server.users.emplace_back(server.room);
    forger.type(std::string(forgery.name) + "\r\n");
    anna.said();
    forger.type(std::string(forgery.typed) + "\r\n");
    for (const std::string& line : linesOf(anna.said())) {
      CHECK(line != forgery.roomLine);
      CHECK_FALSE(readsAsTheRoom(line));
    }
  }
}

TEST_CASE("the room's own lines keep their shape, whatever the names and the notice hold") {
  Server server;
  User& anna = server.named("anna maria");
  server.named("bob <the> builder");
  server.named("anna maria");
  anna.type("/nick anna <has> gone\r\n/list\r\n/help\r\n/history 3\r\n/me\r\n/what\r\n");
  server.room.shutdown("<anna maria>: psst");
  std::vector<std::string> lines = linesOf(anna.said());
  REQUIRE(lines.size() > 10);
  CHECK(lines.back() == "<anna maria: psst>\r\n");
  for (const std::string& line : lines) {
    INFO(line);
    CHECK((readsAsTheRoom(line) || line.starts_with("{registered as ")));
  }
}

TEST_CASE("the room logs joins, renames and leaves with the telnet peer") {
  weft::testing::RecordingLogger log;
  ChatRoomConfig config = freeTalk();
  config.logger = &log;
  Server server(config);
  User& anna = server.named("anna");
  anna.type("/nick annie\r\n");
  anna.transport.finish();
  CHECK(log.contains("anna joined (telnet 127.0.0.1:40000), 1 members"));
  CHECK(log.contains("anna renamed to annie"));
  CHECK(log.contains("annie left (telnet 127.0.0.1:40000), 0 members"));
}

TEST_CASE("telnet commands are stripped from lines") {
  using weft::net::stripTelnetCommands;
  CHECK(stripTelnetCommands("a\xff\xf4"
                            "b") == "ab");  // IAC IP
  CHECK(stripTelnetCommands("a\xff\xfd\x06"
                            "b") == "ab");  // IAC DO TIMING-MARK
  CHECK(stripTelnetCommands("a\xff\xfa\x18\x01\xff\xf0"
                            "b") == "ab");  // subnegotiation
  CHECK(stripTelnetCommands("a\xff\xff"
                            "b") == "ab");
  CHECK(stripTelnetCommands("a\xff") == "a");
  CHECK(stripTelnetCommands("a\xff\xfa\x18 unterminated") == "a");
}

TEST_CASE("a member that stops reading is cut off once too far behind; the others go on") {
  Server server;
  User& anna = server.named("anna");
  User& stalled = server.users.emplace_back(
      server.room, TelnetChatConfig{.maxLineBytes = 4096, .maxBufferedBytes = 300});
  stalled.type("stalled\r\n");
  server.quiet();
  anna.transport.drain();
  for (int i = 0; i < 20 && !stalled.transport.closeReason(); ++i) {
    anna.type("message number " + std::to_string(i) + "\r\n");
    anna.transport.drain();  // anna reads; the stalled member's socket never sends
  }
  REQUIRE(stalled.transport.closeReason().has_value());
  CHECK(stalled.transport.closeReason()->code == ChatRoom::kTooSlow);
  CHECK(stalled.transport.aborted());
  stalled.transport.finish(*stalled.transport.closeReason());
  CHECK(anna.said().ends_with("<stalled has gone away>\r\n"));
  anna.type("still talking\r\n");
  CHECK(anna.said() == "<anna>: still talking\r\n");
}
