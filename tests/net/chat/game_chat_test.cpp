// GameChat: the server front for game clients, over an in-memory connected pair (framed as over
// TCP) and a StringTransport fed at every chunk size; a telnet user in the same room sees the
// same conversation.

#include "net/chat/game_chat.h"

#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <string>
#include <variant>

#include "net/chat/chat_wire.h"
#include "net/chat/telnet_chat.h"
#include "net/testing/connected_pair.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "net/testing/string_transport.h"
#include "tests/net/chat/wire_client.h"
#include "tests/support/printers.h"

using namespace weft::net;
using weft::testing::ConnectedPair;
using weft::testing::RecordingChatMember;
using Lines = std::vector<std::string>;
using weft::test::WireClient;

namespace {

ChatRoomConfig freeTalk() {
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  return config;
}

// A game client connected to the room's game front through an in-memory pair.
struct GameUser {
  GameUser(ChatRoom& room, GameChatStats& stats) : server(room, stats), pair(client, server) {
    pair.flush();
  }
  WireClient client;
  GameChatProtocol server;
  ConnectedPair pair;
};

struct Server {
  explicit Server(ChatRoomConfig config = freeTalk()) : room(clock, config) {}
  GameUser& connect() { return users.emplace_back(room, stats); }
  GameUser& joined(std::string name) {
    GameUser& user = connect();
    user.client.hello(std::move(name));
    user.pair.flush();
    return user;
  }
  void flushAll() {
    for (GameUser& u : users) u.pair.flush();
  }
  weft::testing::ManualClock clock;
  ChatRoom room;
  GameChatStats stats;
  std::deque<GameUser> users;
};

const std::string kHint =
    "- private: Use /command to execute commands and /help to get a list of all commands.";

}  // namespace

TEST_CASE("a hello is welcomed with the name given, the others present, then the join") {
  Server s;
  GameUser& anna = s.joined("anna");
  CHECK(anna.client.take() == Lines{"welcome anna last 0 oldest 1 members:",
                                    "1 join anna: All welcome anna, client no. 1!", kHint});
  GameUser& bob = s.joined("anna");
  CHECK(bob.client.take() == Lines{"welcome anna2 last 1 oldest 1 members: anna",
                                   "2 join anna2: All welcome anna2, client no. 2!", kHint});
  s.flushAll();
  CHECK(anna.client.take() == Lines{"2 join anna2: All welcome anna2, client no. 2!"});
}

TEST_CASE("typed lines reach game and telnet members alike, in one order") {
  Server s;
  GameUser& anna = s.joined("anna");
  TelnetChatProtocol telnet(s.room, {});
  weft::testing::StringTransport telnetTransport;
  telnetTransport.connect(telnet);
  telnetTransport.receive("tom\r\n");
  s.flushAll();
  anna.client.take();
  telnetTransport.clear();

  anna.client.say("hello tom");
  anna.pair.flush();
  telnetTransport.receive("/me waves back\r\n");
  anna.client.say("/nick annie");
  anna.pair.flush();
  CHECK(anna.client.take() == Lines{"3 say anna: hello tom", "4 me tom: waves back",
                                    "5 rename anna -> annie: anna renamed to annie"});
  CHECK(telnetTransport.takeWritten() ==
        "<anna>: hello tom\r\n* tom waves back\r\n<anna renamed to annie>\r\n");
  telnetTransport.finish();
}

TEST_CASE("a resuming client gets exactly what it missed, then its join") {
  Server s;
  GameUser& anna = s.joined("anna");  // 1
  anna.client.say("one");             // 2
  anna.client.say("two");             // 3
  anna.pair.flush();
  GameUser& back = s.connect();
  back.client.hello("bob", ChatResume{1, 2});
  back.pair.flush();
  CHECK(back.client.take() == Lines{"welcome bob last 3 oldest 1 members: anna", "3 say anna: two",
                                    "4 join bob: All welcome bob, client no. 2!", kHint});
}

TEST_CASE("another version's hello gets a goodbye naming both versions, and no retry") {
  Server s;
  GameUser& old = s.connect();
  old.client.send(kChatChannel, std::string("\x01\x00\x07", 3));
  old.pair.flush();
  CHECK(old.client.take() ==
        Lines{"goodbye 103 final: Version mismatch: this server speaks chat protocol version 1, "
              "the client 7"});
  REQUIRE(old.client.lost.has_value());
  CHECK(old.client.lost->code == ReasonCode::ProtocolError);
  CHECK(s.room.placesTaken() == 0);
}

TEST_CASE("a full room says so in a goodbye that allows a retry") {
  ChatRoomConfig config = freeTalk();
  config.maxMembers = 1;
  Server s(config);
  s.joined("anna");
  GameUser& late = s.connect();
  CHECK(late.client.take() == Lines{"goodbye 2002 retry: Too many connections, try later"});
  REQUIRE(late.client.lost.has_value());
  CHECK(late.client.lost->code == ChatRoom::kRoomFullCode);
}

TEST_CASE("/quit and a server shutdown end with goodbyes: final, and retry later") {
  Server s;
  GameUser& anna = s.joined("anna");
  GameUser& bob = s.joined("bob");
  s.flushAll();
  anna.client.take();
  bob.client.take();
  bob.client.say("/quit");
  bob.pair.flush();
  CHECK(bob.client.take() == Lines{"- private: Bye!", "goodbye 0 final: quit"});
  CHECK(bob.client.lost.has_value());
  s.room.shutdown();
  anna.pair.flush();
  CHECK(anna.client.take() == Lines{"3 leave bob: bob has gone away",
                                    "4 notice: The server is shutting down. Bye!",
                                    "goodbye 106 retry: The server is shutting down. Bye!"});
  REQUIRE(anna.client.lost.has_value());
  CHECK(anna.client.lost->code == ReasonCode::ShuttingDown);
}

TEST_CASE("undecodable and out-of-turn messages are counted and dropped; the connection stays") {
  Server s;
  GameUser& user = s.connect();
  user.client.say("before hello");
  user.client.send(kChatChannel, "\x7fgarbage");
  user.client.send(3, encodeChat(ChatClientMessage(ChatHello{kChatWireVersion, "x", {}})));
  user.pair.flush();
  CHECK(s.stats.badMessages == 3);
  CHECK(user.client.take().empty());
  user.client.hello("anna");
  user.client.hello("again");
  user.pair.flush();
  CHECK(s.stats.badMessages == 4);
  CHECK(user.client.take().front() == "welcome anna last 0 oldest 1 members:");
  CHECK_FALSE(user.client.lost.has_value());
}

TEST_CASE("the framed stream gives the same answers at every chunk size") {
  std::string stream;
  const auto frame = [&](std::string_view message) {
    const auto length = static_cast<std::uint32_t>(message.size() + 1);
    const char prefix[5] = {static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                            static_cast<char>(length >> 8), static_cast<char>(length),
                            static_cast<char>(kChatChannel)};
    stream.append(prefix, 5).append(message);
  };
  frame(encodeChat(ChatClientMessage(ChatHello{kChatWireVersion, "anna", {}})));
  frame(encodeChat(ChatClientMessage(ChatInput{"hello"})));
  frame("\x7f");
  frame(encodeChat(ChatClientMessage(ChatInput{"/me waves"})));
  frame(encodeChat(ChatClientMessage(ChatInput{"/list"})));
  frame(encodeChat(ChatClientMessage(ChatInput{"/quit"})));

  std::string whole;
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    weft::testing::ManualClock clock;
    ChatRoom room(clock, freeTalk());
    GameChatStats stats;
    GameChatProtocol protocol(room, stats);
    weft::testing::StringTransport transport;
    transport.connect(protocol);
    weft::testing::feedInChunks(transport, stream, chunk);
    CAPTURE(chunk);
    CHECK(stats.badMessages == 1);
    REQUIRE(transport.closeReason().has_value());
    if (chunk == 1) whole = transport.written();
    CHECK(transport.written() == whole);
    transport.finish();
    CHECK(room.placesTaken() == 0);
  }
  CHECK(whole.size() > 200);
}

TEST_CASE("a game client's messages are capped at what chat can carry, its first at a hello's") {
  Server s;
  SUBCASE("a first message longer than the longest hello closes the connection") {
    GameUser& user = s.connect();
    user.client.send(kChatChannel, std::string(kChatMaxHelloBytes + 1, '\x01'));
    user.pair.flush();
    REQUIRE(user.client.lost.has_value());
    CHECK(user.client.lost->code == ReasonCode::MessageTooLarge);
    CHECK(s.room.placesTaken() == 0);
  }
  SUBCASE("after the hello, the longest line arrives and one byte more closes the connection") {
    GameUser& anna = s.joined("anna");
    anna.client.take();
    anna.client.say(std::string(kChatMaxTextBytes, 'x'));  // the room refuses it, politely
    anna.pair.flush();
    CHECK_FALSE(anna.client.lost.has_value());
    CHECK(anna.client.take().size() == 1);
    std::string tooLong = encodeChat(ChatClientMessage(ChatInput{std::string(10, 'y')}));
    tooLong.resize(kChatMaxClientMessageBytes + 1, 'y');
    anna.client.send(kChatChannel, tooLong);
    anna.pair.flush();
    REQUIRE(anna.client.lost.has_value());
    CHECK(anna.client.lost->code == ReasonCode::MessageTooLarge);
    CHECK(s.stats.badMessages == 0);  // refused whole, never decoded
  }
}

TEST_CASE("the game front declares chat's limit for a whole ENet port") {
  weft::testing::ManualClock clock;
  ChatRoom room(clock, freeTalk());
  GameChatFactory factory(room);
  CHECK(factory.maxMessageBytes() == kChatMaxClientMessageBytes);
}
