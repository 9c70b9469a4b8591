// ChatClientSession on a channel of connections its owner makes, over recording
// MessageTransports and a scripted server: hello and lines on the owner's channel, the room,
// name, members and last message kept across connections (a resume without duplicates), the
// owner's word for the state between connections, and the end of chat on a connection the
// owner keeps.

#include "net/chat/chat_client_session.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "net/chat/chat_wire.h"
#include "net/core/scheduler.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "net/testing/recording_logger.h"
#include "tests/net/chat/chat_event_lines.h"
#include "tests/net/chat/chat_session_support.h"
#include "tests/support/printers.h"

using namespace weft::net;
using namespace weft::test;
using namespace std::chrono_literals;
using weft::testing::RecordingChatMember;
using Lines = std::vector<std::string>;

namespace {

constexpr std::uint8_t kGameChatChannel = 2;

// The game's client as the session sees it: it says where its connection stands, and what it
// heard. With `detachOnEnd` it keeps its connection when chat ends, and detaches chat from it.
class ClientOwner final : public ChatClientOwner {
 public:
  ChatState connectionState() const override { return state; }
  std::optional<Duration> nextAttemptIn() const override { return next; }
  void chatJoined() override { ++joins; }
  void chatEnded(const ChatEnding& ending) override {
    ended.push_back(ending);
    if (detachOnEnd) session->detach(ending.reason, false);
  }
  ChatState state = ChatState::Connecting;
  std::optional<Duration> next;
  int joins = 0;
  std::vector<ChatEnding> ended;
  bool detachOnEnd = false;
  ChatClientSession* session = nullptr;
};

std::string welcome(std::uint64_t roomId, std::uint64_t lastSeq, std::uint64_t oldestSeq,
                    std::vector<std::string> members, std::uint16_t version = kChatWireVersion) {
  return encodeChat(ChatServerMessage(
      ChatWelcomeMessage{version, "anna", roomId, lastSeq, oldestSeq, std::move(members)}));
}
std::string entry(std::uint64_t seq, ChatKind kind, std::string sender, std::string text) {
  ChatMessage m;
  m.seq = seq;
  m.kind = kind;
  m.sender = std::move(sender);
  m.text = std::move(text);
  return encodeChat(ChatServerMessage(ChatEntry{m, false}));
}
std::string said(std::uint64_t seq, std::string text) {
  return entry(seq, ChatKind::Say, "bob", std::move(text));
}
std::string goodbye(ReasonCode code, bool mayRetry, std::string reason) {
  return encodeChat(ChatServerMessage(ChatGoodbye{code, mayRetry, std::move(reason)}));
}

Lines describe(const std::vector<ChatEvent>& events) {
  return weft::test::describeChatEvents(events);
}

struct Client {
  Client() { owner.session = &chat; }
  ClientOwner owner;
  weft::testing::RecordingLogger log;
  ChatClientSession chat{owner, log, {.name = "anna", .maxEvents = 1000}};
};

const ChatHello& helloIn(const std::vector<ChatClientMessage>& sent) {
  REQUIRE(sent.size() == 1);
  REQUIRE(std::holds_alternative<ChatHello>(sent[0]));
  return std::get<ChatHello>(sent[0]);
}

}  // namespace

TEST_CASE("attached to a connection the session says hello on the owner's channel, then talks") {
  Client c;
  CHECK(c.chat.state() == ChatState::Connecting);  // the owner's word, until a connection
  CHECK(c.chat.status() == "connecting");
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  CHECK(c.chat.state() == ChatState::Joining);
  const ChatHello hello = helloIn(out.takeClientMessages(kGameChatChannel));
  CHECK(hello.name == "anna");
  CHECK(hello.resume == std::nullopt);  // a first join asks for no backfill
  CHECK_FALSE(c.chat.send("too early"));

  c.chat.messageReceived(welcome(7, 3, 1, {"bob"}));
  c.chat.messageReceived(entry(4, ChatKind::Join, "anna", "All welcome anna, client no. 2!"));
  CHECK(c.chat.state() == ChatState::Joined);
  CHECK(c.owner.joins == 1);
  CHECK(c.chat.members() == Lines{"bob", "anna"});
  CHECK(c.chat.status() == "in the room as anna (2 members)");
  CHECK(c.chat.send("hi bob"));
  const auto sent = out.takeClientMessages(kGameChatChannel);
  REQUIRE(sent.size() == 1);
  CHECK(std::get<ChatInput>(sent[0]).line == "hi bob");
  CHECK(describe(c.chat.takeEvents()) ==
        Lines{"joined as anna", "4 join anna: All welcome anna, client no. 2!"});
  out.backlog = 123;
  REQUIRE(c.chat.connectionStats().has_value());
  CHECK(c.chat.connectionStats()->queuedBytes == 123);
}

TEST_CASE(
    "across connections the session resumes after the last message it saw, without "
    "duplicates") {
  Client c;
  RecordingMessageTransport first;
  c.chat.attach(first, kGameChatChannel);
  c.chat.messageReceived(welcome(7, 3, 1, {"bob"}));
  c.chat.messageReceived(entry(4, ChatKind::Join, "anna", "All welcome anna, client no. 2!"));
  c.chat.messageReceived(said(5, "before"));
  c.chat.takeEvents();

  c.chat.detach(Reason::lost("reset by peer"), true);
  c.owner.state = ChatState::Reconnecting;
  c.owner.next = 2s;
  CHECK(c.chat.state() == ChatState::Reconnecting);
  CHECK(c.chat.status() == "reconnecting in 2 s: Connection lost: reset by peer");
  CHECK_FALSE(c.chat.send("anyone?"));
  CHECK_FALSE(c.chat.connectionStats().has_value());
  CHECK(describe(c.chat.takeEvents()) ==
        Lines{"disconnected: Connection lost: reset by peer (retrying)"});

  RecordingMessageTransport second;
  c.chat.attach(second, kGameChatChannel);
  CHECK(helloIn(second.takeClientMessages(kGameChatChannel)).resume == ChatResume{7, 5});
  c.chat.messageReceived(welcome(7, 8, 1, {"bob"}));
  c.chat.messageReceived(said(5, "before"));  // a resend: seen already
  c.chat.messageReceived(entry(6, ChatKind::Leave, "anna", "anna has gone away"));
  c.chat.messageReceived(said(7, "while you were away"));
  c.chat.messageReceived(entry(8, ChatKind::Join, "carl", "All welcome carl, client no. 3!"));
  c.chat.messageReceived(entry(9, ChatKind::Join, "anna", "All welcome anna, client no. 4!"));
  CHECK(describe(c.chat.takeEvents()) == Lines{"joined as anna", "6 leave anna: anna has gone away",
                                               "7 say bob: while you were away",
                                               "8 join carl: All welcome carl, client no. 3!",
                                               "9 join anna: All welcome anna, client no. 4!"});
  CHECK(c.chat.members() == Lines{"bob", "anna"});  // the welcome's, then our own join
  CHECK(c.chat.lastSeq() == 9);
  CHECK(c.owner.joins == 2);
}

TEST_CASE(
    "a goodbye ends chat on a connection the owner keeps: it reads and sends nothing more "
    "there") {
  Client c;
  c.owner.detachOnEnd = true;
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  c.chat.messageReceived(welcome(7, 0, 1, {}));
  out.sent.clear();
  c.chat.takeEvents();

  c.owner.state = ChatState::Stopped;  // its connection lives on, but chat will not come back
  c.chat.messageReceived(goodbye(reasonCode(ReasonBand::Chat, 1), false, "flooding"));
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].reason == Reason{reasonCode(ReasonBand::Chat, 1), "flooding"});
  CHECK_FALSE(c.owner.ended[0].mayRetry);
  CHECK(c.owner.ended[0].byServer);
  CHECK(describe(c.chat.takeEvents()) == Lines{"disconnected: Closed by the chat room: flooding"});
  CHECK(c.chat.state() == ChatState::Stopped);
  CHECK(c.chat.status() == "disconnected: Closed by the chat room: flooding");

  c.chat.messageReceived(said(1, "too late"));
  CHECK_FALSE(c.chat.send("still here?"));
  CHECK(c.chat.takeEvents().empty());
  CHECK(out.sent.empty());
  CHECK_FALSE(out.disconnected.has_value());  // the connection is the owner's to end
}

TEST_CASE(
    "a goodbye on a connection the owner has not detached yet leaves the state to the "
    "owner, and its Disconnected names the goodbye") {
  Client c;
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  c.chat.messageReceived(welcome(7, 0, 1, {}));
  c.chat.takeEvents();
  c.owner.state = ChatState::Reconnecting;
  c.chat.messageReceived(goodbye(ReasonCode::ShuttingDown, true, "Bye!"));
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].mayRetry);
  CHECK(c.chat.state() == ChatState::Reconnecting);
  CHECK(c.chat.takeEvents().empty());  // until the connection goes
  c.chat.detach(Reason::done("the other side disconnected"), true);
  CHECK(describe(c.chat.takeEvents()) == Lines{"disconnected: Shutting down: Bye! (retrying)"});
}

TEST_CASE("whatever a server says, its names, texts and goodbye reach the events sanitised") {
  const std::string hostile = "\x1b]0;owned\x07\x1b[2J\u202Eevil\u200B";
  Client c;
  c.owner.detachOnEnd = true;
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  c.chat.messageReceived(encodeChat(ChatServerMessage(
      ChatWelcomeMessage{kChatWireVersion, "anna" + hostile, 7, 0, 1, {"bob" + hostile}})));
  c.chat.messageReceived(entry(1, ChatKind::Say, "bob" + hostile, hostile));
  CHECK(c.chat.name() == "annaevil");
  CHECK(c.chat.members() == std::vector<std::string>{"bobevil"});
  c.owner.state = ChatState::Stopped;
  c.chat.messageReceived(goodbye(reasonCode(ReasonBand::Chat, 1), false, hostile));
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].reason.detail == "evil");
  CHECK(describe(c.chat.takeEvents()) == Lines{"joined as annaevil", "1 say bobevil: evil",
                                               "disconnected: Closed by the chat room: evil"});
  CHECK(c.chat.status() == "disconnected: Closed by the chat room: evil");
}

TEST_CASE("a welcome in another version ends chat from this side: the server does not know") {
  Client c;
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  out.sent.clear();
  c.chat.messageReceived(welcome(7, 0, 1, {}, 2));
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].reason.code == ReasonCode::ProtocolError);
  CHECK(c.owner.ended[0].reason.detail ==
        "the server speaks chat protocol version 2, this client 1");
  CHECK_FALSE(c.owner.ended[0].mayRetry);
  CHECK_FALSE(c.owner.ended[0].byServer);
  CHECK(c.owner.joins == 0);
  CHECK_FALSE(c.chat.send("hello?"));
  CHECK(out.sent.empty());
}

TEST_CASE("a message the session cannot read is dropped and logged") {
  Client c;
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  c.chat.messageReceived("\x7fgarbage");
  CHECK(c.chat.takeEvents().empty());
  CHECK(c.log.contains("chat: dropped a message from the server", weft::net::LogLevel::Warning));
}

TEST_CASE("stopped, the session refuses to send and queues only its connection's Disconnected") {
  Client c;
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  c.chat.messageReceived(welcome(7, 0, 1, {}));
  c.chat.takeEvents();
  c.chat.stop();
  CHECK(c.chat.state() == ChatState::Stopped);
  CHECK_FALSE(c.chat.send("hello?"));
  c.chat.messageReceived(said(1, "after stop"));
  c.chat.connectionFailed(Reason::refused(), true);
  c.chat.detach(Reason::done(), true);
  CHECK(describe(c.chat.takeEvents()) == Lines{"disconnected: Connection closed"});
}

TEST_CASE("events beyond maxEvents push out the oldest, counted") {
  ClientOwner owner;
  weft::testing::RecordingLogger log;
  ChatClientSession chat(owner, log, {.name = "anna", .maxEvents = 2});
  for (int i = 0; i < 5; ++i) chat.connectionFailed(Reason::refused(std::to_string(i)), true);
  CHECK(describe(chat.takeEvents()) == Lines{"failed: Connection refused: 3 (retrying)",
                                             "failed: Connection refused: 4 (retrying)"});
  CHECK(chat.droppedEvents() == 3);
}

TEST_CASE("started from an earlier run's resume point, the first hello resumes from it") {
  ClientOwner owner;
  weft::testing::RecordingLogger log;
  ChatClientSession chat{
      owner, log, {.name = "logbot", .maxEvents = 1000, .resume = ChatResume{7, 41}}};
  CHECK(chat.roomId() == 7u);
  CHECK(chat.lastSeq() == 41);
  RecordingMessageTransport out;
  chat.attach(out, kGameChatChannel);
  CHECK(helloIn(out.takeClientMessages(kGameChatChannel)).resume == ChatResume{7, 41});
  chat.messageReceived(welcome(7, 43, 1, {"bob"}));
  chat.messageReceived(said(42, "while the bot was down"));
  chat.messageReceived(said(43, "that too"));
  const auto events = chat.takeEvents();
  CHECK(describe(events) ==
        Lines{"joined as anna", "42 say bob: while the bot was down", "43 say bob: that too"});
  CHECK_FALSE(events.front().newRoom);
  CHECK(chat.lastSeq() == 43);
}

TEST_CASE("a resume point in another room is a new room: Joined says so, all it kept follows") {
  ClientOwner owner;
  weft::testing::RecordingLogger log;
  ChatClientSession chat{
      owner, log, {.name = "logbot", .maxEvents = 1000, .resume = ChatResume{7, 41}}};
  RecordingMessageTransport out;
  chat.attach(out, kGameChatChannel);
  chat.messageReceived(welcome(8, 2, 1, {"bob"}));
  chat.messageReceived(entry(1, ChatKind::Join, "bob", "All welcome bob, client no. 1!"));
  chat.messageReceived(said(2, "in the new room"));
  const auto events = chat.takeEvents();
  REQUIRE(events.size() == 3);
  CHECK(events[0].newRoom);
  CHECK(describe(events) == Lines{"joined as anna", "1 join bob: All welcome bob, client no. 1!",
                                  "2 say bob: in the new room"});
  CHECK(chat.roomId() == 8u);
}

TEST_CASE("a resume point from past the room's newest message (2^64-1) loses nothing after it") {
  ClientOwner owner;
  weft::testing::RecordingLogger log;
  ChatClientSession chat{
      owner, log, {.name = "logbot", .maxEvents = 1000, .resume = ChatResume{7, UINT64_MAX}}};
  RecordingMessageTransport out;
  chat.attach(out, kGameChatChannel);
  chat.messageReceived(welcome(7, 5, 1, {"bob"}));
  chat.messageReceived(said(6, "news"));
  // No made-up gap from lastSeq + 1 wrapping, and the room's numbers count again.
  CHECK(describe(chat.takeEvents()) == Lines{"joined as anna", "6 say bob: news"});
  CHECK(chat.lastSeq() == 6);
}

TEST_CASE("a welcome whose numbers would wrap reports no made-up gap") {
  ClientOwner owner;
  weft::testing::RecordingLogger log;
  ChatClientSession chat{
      owner, log, {.name = "anna", .maxEvents = 1000, .resume = ChatResume{7, 3}}};
  RecordingMessageTransport out;
  chat.attach(out, kGameChatChannel);
  chat.messageReceived(welcome(9, UINT64_MAX, 0, {}));  // a hostile server's
  const auto events = chat.takeEvents();
  REQUIRE(events.size() == 1);  // joined, and no "missed 18446744073709551615"
  CHECK(events[0].type == ChatEvent::Type::Joined);
}

TEST_CASE(
    "no welcome within welcomeTimeout ends chat on that connection with TimedOut, retry "
    "allowed; the next connection resumes") {
  weft::testing::ManualClock clock;
  Client c;
  Scheduler timers(clock, c.log);
  RecordingMessageTransport first;
  first.timers = &timers;
  c.chat.attach(first, kGameChatChannel);
  c.chat.messageReceived(welcome(7, 3, 1, {"bob"}));
  c.chat.messageReceived(said(4, "before the drop"));
  c.chat.detach(Reason::lost(), true);
  clock.advance(1min);  // a welcome came: nothing was waiting any more
  CHECK(c.owner.ended.empty());
  c.chat.takeEvents();

  RecordingMessageTransport silent;  // a server that accepts and never answers
  silent.timers = &timers;
  c.owner.state = ChatState::Reconnecting;
  c.chat.attach(silent, kGameChatChannel);
  CHECK(helloIn(silent.takeClientMessages(kGameChatChannel)).resume == ChatResume{7, 4});
  clock.advance(9s);
  CHECK(c.chat.state() == ChatState::Joining);
  clock.advance(1s);
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].reason == Reason::timedOut("no welcome from the chat server within 10s"));
  CHECK(c.owner.ended[0].mayRetry);
  CHECK_FALSE(c.owner.ended[0].byServer);  // the server is not told: its owner closes it
  CHECK(c.chat.state() == ChatState::Reconnecting);
  c.chat.detach(Reason::done(), true);
  CHECK(describe(c.chat.takeEvents()) ==
        Lines{"disconnected: Timed out: no welcome from the chat server within 10s (retrying)"});

  RecordingMessageTransport third;
  third.timers = &timers;
  c.chat.attach(third, kGameChatChannel);
  CHECK(helloIn(third.takeClientMessages(kGameChatChannel)).resume == ChatResume{7, 4});
  c.chat.messageReceived(welcome(7, 5, 1, {"bob"}));
  c.chat.messageReceived(said(5, "while you were away"));
  clock.advance(1min);
  CHECK(c.owner.ended.size() == 1);
  CHECK(describe(c.chat.takeEvents()) == Lines{"joined as anna", "5 say bob: while you were away"});
  c.chat.detach(Reason::done(), false);
}

TEST_CASE(
    "without timers on the connection the session waits for the welcome as long as it "
    "takes") {
  weft::testing::ManualClock clock;
  Client c;
  Scheduler unused(clock, c.log);  // the clock runs, but the transport offers no timers
  RecordingMessageTransport out;
  c.chat.attach(out, kGameChatChannel);
  clock.advance(1h);
  CHECK(c.owner.ended.empty());
  CHECK(c.chat.state() == ChatState::Joining);
  c.chat.detach(Reason::done(), false);
}
