// GameChatSession on a channel of a connection a game owns, over a recording MessageTransport
// and a ManualClock room: chat goes out on the channel the game chose, and when the room ends
// the chat (flooding, /quit, another version, too slow, a full room, a shutdown) the game is
// told and decides — keep playing, or drop the player; GameChatProtocol drops the connection.

#include "net/chat/game_chat_session.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "net/chat/game_chat.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "net/testing/recording_logger.h"
#include "net/testing/string_transport.h"
#include "tests/net/chat/chat_session_support.h"
#include "tests/support/printers.h"

using namespace weft::net;
using namespace weft::test;
using weft::testing::RecordingChatMember;
using Lines = std::vector<std::string>;

namespace {

constexpr std::uint8_t kGameChatChannel = 2;  // the game keeps 0 and 1 for its own messages

const std::string kHint =
    "- private: Use /command to execute commands and /help to get a list of all commands.";

ChatRoomConfig freeTalk() {
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  return config;
}

// A game's protocol as the session sees it. By default it plays on when chat ends; with
// `dropPlayer` it disconnects the player with the chat's code.
class GameOwner final : public GameChatOwner {
 public:
  explicit GameOwner(RecordingMessageTransport& out) : out_(out) {}
  std::size_t chatBacklog() const override { return backlog; }
  Address chatPeer() const override { return Address::loopbackIPv4(40000); }
  void chatEnded(const Reason& reason) override {
    ended.push_back(reason);
    if (dropPlayer) out_.disconnect(reason.code);
  }
  std::size_t backlog = 0;
  bool dropPlayer = false;
  std::vector<Reason> ended;

 private:
  RecordingMessageTransport& out_;
};

// One player of the game: its connection, the game's protocol, and the chat session on it.
struct Player {
  Player(ChatRoom& room, GameChatStats& stats, const GameChatConfig& config = {},
         Scheduler* timers = nullptr)
      : owner(out), chat(room, owner, stats, config) {
    out.timers = timers;
    chat.connectionMade(out, kGameChatChannel);
  }
  void hello(std::string name) { chat.messageReceived(helloBytes(std::move(name))); }
  void say(std::string line) { chat.messageReceived(inputBytes(std::move(line))); }
  Lines take() { return out.takeLines(kGameChatChannel); }

  RecordingMessageTransport out;
  GameOwner owner;
  GameChatSession chat;
};

struct Game {
  explicit Game(ChatRoomConfig config = freeTalk()) : room(clock, withLog(config)) {
    const auto id = room.admit(bob);
    REQUIRE(id.has_value());
    bobId = *id;
    room.join(bobId, "bob");
    bob.take();
  }
  ChatRoomConfig withLog(ChatRoomConfig config) {
    config.logger = &log;
    return config;
  }
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;  // the room's joins and leaves
  RecordingChatMember bob;             // before the room: it outlives the room's last word
  ChatRoom room;
  ChatRoom::MemberId bobId{};
  GameChatStats stats;
};

}  // namespace

TEST_CASE("chat on a game's connection goes out on the channel the game chose, and only there") {
  Game g;
  Player anna(g.room, g.stats);
  CHECK(anna.out.sent.empty());  // nothing before the hello
  anna.hello("anna");
  CHECK(anna.take() == Lines{"welcome anna last 1 oldest 1 members: bob",
                             "2 join anna: All welcome anna, client no. 2!", kHint});
  anna.say("hi bob");
  g.room.input(g.bobId, "hi anna");
  CHECK(anna.take() == Lines{"3 say anna: hi bob", "4 say bob: hi anna"});
  CHECK(g.bob.take() == Lines{"2 join anna: All welcome anna, client no. 2!", "3 say anna: hi bob",
                              "4 say bob: hi anna"});
  CHECK(anna.chat.describe() == "game 127.0.0.1:40000");
  CHECK(g.stats.badMessages == 0);
}

TEST_CASE("when the room ends a game client's chat, the game is told and its connection stays") {
  ChatRoomConfig config = freeTalk();
  std::string line;
  SUBCASE("flooding") {
    config.rate = {.perSecond = 1, .burst = 1, .floodStrikes = 1};
    line = "goodbye 2001 final: flooding";
  }
  SUBCASE("/quit") {
    line = "goodbye 0 final: quit";
  }
  SUBCASE("another chat version") {
    line =
        "goodbye 103 final: Version mismatch: this server speaks chat protocol version 1, the "
        "client 7";
  }
  SUBCASE("too far behind") {
    line = "goodbye 2004 final: too far behind: stopped reading";
  }
  SUBCASE("a shutdown") {
    line = "goodbye 106 retry: The server is shutting down. Bye!";
  }
  CAPTURE(line);

  Game g(config);
  GameChatConfig chatConfig;
  chatConfig.maxBufferedBytes = 1000;
  Player anna(g.room, g.stats, chatConfig);
  if (line.starts_with("goodbye 103")) {
    anna.chat.messageReceived(std::string("\x01\x00\x07", 3));
  } else {
    anna.hello("anna");
    anna.take();
    if (line.starts_with("goodbye 2001")) {
      anna.say("one");
      anna.say("two");
    } else if (line.starts_with("goodbye 0")) {
      anna.say("/quit");
    } else if (line.starts_with("goodbye 2004")) {
      anna.owner.backlog = 1001;
      g.room.input(g.bobId, "are you there?");
    } else {
      g.room.shutdown();
    }
  }
  const Lines said = anna.take();
  REQUIRE_FALSE(said.empty());
  CHECK(said.back() == line);
  REQUIRE(anna.owner.ended.size() == 1);
  CHECK(std::to_string(static_cast<std::uint32_t>(anna.owner.ended[0].code)) ==
        line.substr(8, line.find(' ', 8) - 8));
  CHECK_FALSE(anna.chat.active());
  CHECK_FALSE(anna.out.disconnected.has_value());  // the game plays on
  CHECK_FALSE(anna.out.aborted);
  CHECK(g.stats.tooSlow == (line.starts_with("goodbye 2004") ? 1 : 0));

  // Whatever else arrives for chat on this connection is ignored, and counted as nothing.
  const std::uint64_t bad = g.stats.badMessages;
  anna.hello("anna again");
  anna.say("still here?");
  CHECK(anna.out.sent.empty());
  CHECK(g.stats.badMessages == bad);
  CHECK(g.room.placesTaken() == (line.starts_with("goodbye 106") ? 0 : 1));  // bob's
}

TEST_CASE("a full room ends a game client's chat as its connection is made, allowing a retry") {
  ChatRoomConfig config = freeTalk();
  config.maxMembers = 1;  // bob's
  Game g(config);
  Player late(g.room, g.stats);
  CHECK(late.take() == Lines{"goodbye 2002 retry: Too many connections, try later"});
  REQUIRE(late.owner.ended.size() == 1);
  CHECK(late.owner.ended[0].code == ChatRoom::kRoomFullCode);
  CHECK_FALSE(late.chat.active());
  CHECK_FALSE(late.out.disconnected.has_value());
}

TEST_CASE("past maxPerAddress a game client's chat ends as its connection is made, with why") {
  ChatRoomConfig config = freeTalk();
  config.maxPerAddress = 1;
  Game g(config);
  Player first(g.room, g.stats);  // every Player comes from 127.0.0.1:40000
  CHECK(first.chat.active());
  Player second(g.room, g.stats);
  CHECK(second.take() ==
        Lines{"goodbye 2005 retry: Too many connections from your address, try later"});
  REQUIRE(second.owner.ended.size() == 1);
  CHECK(second.owner.ended[0].code == ChatRoom::kTooManyFromAddressCode);
  CHECK_FALSE(second.chat.active());
  first.chat.connectionLost();
  Player third(g.room, g.stats);  // the place first held is free again
  CHECK(third.chat.active());
}

TEST_CASE("a game that drops the player with the chat disconnects after the goodbye") {
  ChatRoomConfig config = freeTalk();
  config.rate = {.perSecond = 1, .burst = 1, .floodStrikes = 1};
  Game g(config);
  Player anna(g.room, g.stats);
  anna.owner.dropPlayer = true;
  anna.hello("anna");
  anna.take();
  anna.say("one");
  anna.say("two");
  CHECK(anna.take().back() == "goodbye 2001 final: flooding");
  CHECK(anna.out.disconnected == ChatRoom::kFlooding);
  CHECK(g.bob.take().back() == "4 leave anna: anna has gone away");
}

TEST_CASE("a session that goes away while in the room leaves it; its connection's end does too") {
  Game g;
  std::optional<Player> anna(std::in_place, g.room, g.stats);
  std::optional<Player> carl(std::in_place, g.room, g.stats);
  anna->hello("anna");
  carl->hello("carl");
  g.bob.take();
  anna.reset();
  CHECK(g.bob.take() == Lines{"4 leave anna: anna has gone away"});
  carl->chat.connectionLost();
  CHECK(g.bob.take() == Lines{"5 leave carl: carl has gone away"});
  CHECK(g.log.contains("anna left (game 127.0.0.1:40000)"));  // the log names the peer
  CHECK(g.log.contains("carl left (game 127.0.0.1:40000)"));
  carl->out.sent.clear();
  CHECK_FALSE(carl->chat.active());
  g.room.input(g.bobId, "alone again");
  CHECK(carl->out.sent.empty());  // nothing is sent once the connection is gone
}

TEST_CASE("GameChatProtocol ends its connection with the chat: aborted when too far behind") {
  weft::testing::ManualClock clock;
  RecordingChatMember bob;
  ChatRoom room(clock, freeTalk());
  const auto bobId = room.admit(bob);
  room.join(*bobId, "bob");
  GameChatStats stats;
  GameChatProtocol protocol(room, stats, GameChatConfig{.maxBufferedBytes = 400});
  weft::testing::StringTransport transport;  // sends nothing until drained: the backlog grows
  transport.connect(protocol);
  const std::string hello = helloBytes("anna");
  const auto length = static_cast<std::uint32_t>(hello.size() + 1);
  const char prefix[5] = {0, 0, static_cast<char>(length >> 8), static_cast<char>(length),
                          static_cast<char>(kChatChannel)};
  transport.receive(std::string(prefix, 5) + hello);
  REQUIRE(transport.bufferedBytes() <= 400);  // the welcome, the join and the hint
  room.input(*bobId, std::string(300, 'x'));  // still sent: anna was within the limit
  REQUIRE(transport.bufferedBytes() > 400);
  CHECK_FALSE(transport.closeReason().has_value());
  room.input(*bobId, "anna?");
  CHECK(transport.aborted());
  REQUIRE(transport.closeReason().has_value());
  CHECK(transport.closeReason()->code == ChatRoom::kTooSlow);
  CHECK(stats.tooSlow == 1);
  transport.finish();
  CHECK(bob.take().back() == "5 leave anna: anna has gone away");
  CHECK(room.placesTaken() == 1);
}

TEST_CASE(
    "a client that says no hello within helloTimeout is expired, full room or not; the "
    "game decides about its connection") {
  using namespace std::chrono_literals;
  Game g;  // a room of 1000 places, nowhere near full
  Scheduler timers(g.clock, g.log);
  Player silent(g.room, g.stats, {.helloTimeout = 10s}, &timers);
  silent.owner.dropPlayer = true;
  Player late(g.room, g.stats, {.helloTimeout = 10s}, &timers);  // plays on without chat
  Player anna(g.room, g.stats, {.helloTimeout = 10s}, &timers);
  CHECK(g.room.placesTaken() == 4);
  g.clock.advance(9s);
  anna.hello("anna");
  anna.take();
  g.clock.advance(1s);
  const Lines expired{"- private: You took too long to choose a name; try again later.",
                      "goodbye 2003 retry: no name given in time"};
  CHECK(silent.take() == expired);
  REQUIRE(silent.owner.ended.size() == 1);
  CHECK(silent.owner.ended[0] == Reason{ChatRoom::kNameTimeout, "no name given in time"});
  CHECK(silent.out.disconnected == ChatRoom::kNameTimeout);
  CHECK(late.take() == expired);
  CHECK_FALSE(late.out.disconnected);  // the game keeps its player
  CHECK_FALSE(silent.chat.active());
  CHECK(g.room.placesTaken() == 2);
  CHECK(g.log.contains("dismissed game 127.0.0.1:40000: Closed by the chat room: no name given"));
  late.hello("late");  // too late: chat on that connection is over
  CHECK(late.take().empty());
  g.clock.advance(1min);
  CHECK(anna.chat.active());
  CHECK(anna.owner.ended.empty());
  CHECK(g.bob.take() == Lines{"2 join anna: All welcome anna, client no. 2!"});
}
