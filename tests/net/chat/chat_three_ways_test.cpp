// One room, three ways in, over real loopback sockets in one reactor: a telnet user on the line
// front, a game client (ChatClient over framed TCP) and a second ChatClient standing in for the
// log bot all see the same messages in the same order.

#include <doctest/doctest.h>

#include <string>

#include "net/chat/chat_client.h"
#include "net/chat/chat_room.h"
#include "net/chat/game_chat.h"
#include "net/chat/telnet_chat.h"
#include "tests/net/core/loopback.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "tests/support/printers.h"

using namespace weft::test;
using namespace weft::net;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;
using Lines = std::vector<std::string>;

namespace {

// A game client's room messages, rendered the way the telnet front renders them, so the three
// views can be compared line for line.
Lines asTelnet(const std::vector<ChatEvent>& events) {
  Lines lines;
  for (const ChatEvent& e : events) {
    if (e.type != ChatEvent::Type::Message || e.message.seq == kUnsequenced) continue;
    std::string text = renderTelnet(ChatDelivery(e.message, false));
    text.resize(text.size() - 2);  // "\r\n"
    lines.push_back(text);
  }
  return lines;
}

Lines splitLines(std::string_view text) {
  Lines lines;
  while (!text.empty()) {
    const std::size_t end = text.find("\r\n");
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 2);
  }
  return lines;
}

}  // namespace

TEST_CASE("telnet, a game client and the log bot see one conversation in one order") {
  ManualClock clock;
  RecordingLogger log;
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  ChatRoom room(clock, config);
  TelnetChatFactory telnetFront(room);
  GameChatFactory gameFront(room);
  RecorderClientFactory telnetUsers;
  Reactor reactor(clock, quietConfig(log));
  auto telnetPort = reactor.listen(tcpServer(), telnetFront);
  auto gamePort = reactor.listen(tcpServer(), gameFront);
  REQUIRE(telnetPort.ok());
  REQUIRE(gamePort.ok());

  ChatClientConfig botConfig;
  botConfig.name = "logbot";
  ChatClient bot(reactor, clientFor((*gamePort)->address()), botConfig);
  REQUIRE(pumpUntil(reactor, [&] { return bot.state() == ChatClient::State::Joined; }));

  auto telnetConnector = reactor.connect(clientFor((*telnetPort)->address()), telnetUsers);
  REQUIRE(pumpUntil(reactor, [&] { return !telnetUsers.records.empty() && telnetUsers.records[0].made; }));
  Record& tom = telnetUsers.records[0];
  tom.transport().write("tom\r\n");
  REQUIRE(pumpUntil(reactor, [&] { return room.memberCount() == 2; }));

  ChatClientConfig gameConfig;
  gameConfig.name = "anna";
  ChatClient anna(reactor, clientFor((*gamePort)->address()), gameConfig);
  REQUIRE(pumpUntil(reactor, [&] { return anna.state() == ChatClient::State::Joined; }));

  // They talk at once: no one waits for anyone's message to arrive first.
  tom.transport().write("hi all\r\n/me waves\n");
  anna.send("hello tom");
  anna.send("/nick annie");
  tom.transport().write("nice name\r\n");
  anna.send("/me bows");
  REQUIRE(pumpUntil(reactor, [&] { return room.history().lastSeq() == 9; }));
  REQUIRE(pumpUntil(reactor, [&] {
    return bot.lastSeq() == 9 && anna.lastSeq() == 9 && tom.received.ends_with("* annie bows\r\n");
  }));

  const Lines botView = asTelnet(bot.takeEvents());
  const Lines annaView = asTelnet(anna.takeEvents());
  // The bot was first in: everything from its own join on; tom's screen starts at its prompt.
  REQUIRE(botView.size() == 9);
  const Lines shared(botView.begin() + 2, botView.end());  // from anna's join on
  CHECK(Lines(annaView.begin(), annaView.end()) == shared);
  Lines tomView = splitLines(tom.received);
  const auto from = std::find(tomView.begin(), tomView.end(), shared.front());
  REQUIRE(from != tomView.end());
  CHECK(Lines(from, tomView.end()) == shared);
  // Each one's messages are in the order sent; between senders, the room's order is everyone's.
  CHECK(std::find(shared.begin(), shared.end(), "<tom>: hi all") <
        std::find(shared.begin(), shared.end(), "<tom>: nice name"));
  CHECK(std::find(shared.begin(), shared.end(), "<anna>: hello tom") <
        std::find(shared.begin(), shared.end(), "* annie bows"));

  bot.stop();
  anna.stop();
  telnetConnector.reset();
  REQUIRE(pumpUntil(reactor, [&] { return room.placesTaken() == 0; }));
}
