// ChatClient against the real game front over framed TCP on loopback, and against a scripted
// server for what a real room never does (duplicates, another version). Time for backoff comes
// from a ManualClock; I/O is pumped until a condition holds, with a deadline.

#include "net/chat/chat_client.h"

#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <variant>

#include "net/chat/chat_wire.h"
#include "net/chat/game_chat.h"
#include "tests/net/core/loopback.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "tests/support/printers.h"

using namespace weft::test;
using namespace weft::net;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingChatMember;
using weft::testing::RecordingLogger;
using Lines = std::vector<std::string>;

namespace {

// Forwards to a GameChatProtocol and keeps a registry of live connections, so a test can cut
// one as a dropped link would.
class Tracked final : public Protocol {
 public:
  Tracked(ChatRoom& room, GameChatStats& stats, std::set<Tracked*>& live)
      : inner_(room, stats), live_(live) {}
  ~Tracked() override { live_.erase(this); }
  void connectionMade() override {
    live_.insert(this);
    inner_.makeConnection(transport());
  }
  void dataReceived(std::string_view data) override { inner_.dataReceived(data); }
  void connectionLost(const Reason& reason) override {
    live_.erase(this);
    inner_.notifyConnectionLost(reason);
  }

 private:
  GameChatProtocol inner_;
  std::set<Tracked*>& live_;
};

class TrackingFactory final : public ServerFactory {
 public:
  explicit TrackingFactory(ChatRoom& room) : room_(room) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Tracked>(room_, stats_, live);
  }
  std::set<Tracked*> live;

 private:
  ChatRoom& room_;
  GameChatStats stats_;
};

ChatClientConfig clientConfig(std::string name) {
  ChatClientConfig config;
  config.name = std::move(name);
  config.reconnect.jitter = 0;
  config.reconnect.seed = 1;
  return config;
}

ChatRoomConfig freeTalk(std::uint64_t roomId = 1) {
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  config.roomId = roomId;
  return config;
}

// One-line summaries of a client's events.
Lines describe(const std::vector<ChatEvent>& events) {
  Lines out;
  for (const ChatEvent& e : events) {
    switch (e.type) {
      case ChatEvent::Type::Joined: out.push_back("joined as " + e.name); break;
      case ChatEvent::Type::Message:
        out.push_back(RecordingChatMember::describe(e.message, e.replay));
        break;
      case ChatEvent::Type::Missed: out.push_back("missed " + std::to_string(e.missed)); break;
      case ChatEvent::Type::Disconnected:
        // A reset's detail names a port the system picked: only its code is checked.
        out.push_back("disconnected: " +
                      (e.reason.code == ReasonCode::ConnectionLost ? std::string("Connection lost")
                                                                   : e.reason.sentence()) +
                      (e.willRetry ? " (retrying)" : ""));
        break;
      case ChatEvent::Type::Failed:
        out.push_back("failed: " + std::string(describe(e.reason.code)) +
                      (e.willRetry ? " (retrying)" : ""));
        break;
    }
  }
  return out;
}

const std::string kHint =
    "- private: Use /command to execute commands and /help to get a list of all commands.";

struct Fixture {
  explicit Fixture(ChatRoomConfig config = freeTalk()) : room(clock, config), factory(room) {
    auto listening = reactor.listen(tcpServer(), factory);
    REQUIRE(listening.ok());
    port = std::move(*listening);
  }
  Endpoint endpoint() const { return clientFor(port->address()); }
  bool pumpUntilState(ChatClient& client, ChatClient::State state) {
    return pumpUntil(reactor, [&] { return client.state() == state; });
  }
  // A member that is not a network client: what the room says, directly.
  std::pair<RecordingChatMember*, ChatRoom::MemberId> local(std::string name) {
    RecordingChatMember& member = locals.emplace_back();
    const auto id = room.admit(member);
    REQUIRE(id.has_value());
    room.join(*id, name);
    return {&member, *id};
  }

  ManualClock clock;
  RecordingLogger log;
  std::deque<RecordingChatMember> locals;  // before the room: they outlive its last word
  ChatRoom room;
  TrackingFactory factory;
  Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<Port> port;
};

}  // namespace

TEST_CASE("a client joins, sends, and keeps the member list and its own name up to date") {
  Fixture f;
  const auto bobSeat = f.local("bob");
  RecordingChatMember* const bob = bobSeat.first;
  [[maybe_unused]] const auto bobId = bobSeat.second;
  ChatClient client(f.reactor, f.endpoint(), clientConfig("anna"));
  CHECK(client.state() == ChatClient::State::Connecting);
  CHECK_FALSE(client.send("too early"));
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Joined));
  REQUIRE(pumpUntil(f.reactor, [&] { return client.members().size() == 2; }));
  CHECK(client.members() == Lines{"bob", "anna"});
  CHECK(client.status() == "in the room as anna (2 members)");

  CHECK(client.send("hello bob"));
  REQUIRE(pumpUntil(f.reactor, [&] { return bob->lines.size() >= 2; }));
  CHECK(bob->lines.back() == "3 say anna: hello bob");

  f.room.input(bobId, "/nick robert");
  client.send("/nick annie");
  REQUIRE(pumpUntil(f.reactor, [&] { return client.name() == "annie"; }));
  f.local("carl");
  REQUIRE(pumpUntil(f.reactor, [&] { return client.members().size() == 3; }));
  CHECK(client.members() == Lines{"robert", "annie", "carl"});
  CHECK(client.name() == "annie");
  CHECK(describe(client.takeEvents()) ==
        Lines{"joined as anna", "2 join anna: All welcome anna, client no. 2!", kHint,
              "3 say anna: hello bob", "4 rename bob -> robert: bob renamed to robert",
              "5 rename anna -> annie: anna renamed to annie",
              "6 join carl: All welcome carl, client no. 3!"});
  f.room.leave(bobId);
  REQUIRE(pumpUntil(f.reactor, [&] { return client.members().size() == 2; }));
  CHECK(client.members() == Lines{"annie", "carl"});
}

TEST_CASE("after a dropped link the client reconnects with backoff and backfills without a gap or duplicate") {
  Fixture f;
  const auto bobSeat = f.local("bob");
  const auto bobId = bobSeat.second;  // 1
  ChatClient client(f.reactor, f.endpoint(), clientConfig("anna"));
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Joined));  // 2: anna joins
  f.room.input(bobId, "before");                                  // 3
  REQUIRE(pumpUntil(f.reactor, [&] { return client.lastSeq() == 3; }));
  client.takeEvents();

  REQUIRE(f.factory.live.size() == 1);
  (*f.factory.live.begin())->transport().abortConnection();
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Reconnecting));
  CHECK(client.reconnectIn() == std::chrono::seconds(1));  // 0.5 s x 2, no jitter
  CHECK(client.status().starts_with("reconnecting in 1 s: "));
  f.room.input(bobId, "while you were away");  // 5 (4 is anna's leave)
  f.room.input(bobId, "and more");             // 6

  f.clock.advance(std::chrono::seconds(1));
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Joined));
  REQUIRE(pumpUntil(f.reactor, [&] { return client.lastSeq() == 7; }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"disconnected: Connection lost (retrying)", "joined as anna",
              "4 leave anna: anna has gone away", "5 say bob: while you were away",
              "6 say bob: and more", "7 join anna: All welcome anna, client no. 3!", kHint});
  CHECK(client.members() == Lines{"bob", "anna"});
}

TEST_CASE("a refused connection is retried with growing delays, shown in the status") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  // Find a free port, then let it go: nothing listens there.
  std::uint16_t freePort = 0;
  {
    RecorderFactory nobody;
    auto port = reactor.listen(tcpServer(), nobody);
    REQUIRE(port.ok());
    freePort = (*port)->address().port();
  }
  ChatClient client(reactor, clientFor(Address::loopbackIPv4(freePort)), clientConfig("anna"));
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Reconnecting; }));
  CHECK(client.reconnectIn() == std::chrono::seconds(1));
  CHECK(client.status().starts_with("reconnecting in 1 s: Connection refused"));
  clock.advance(std::chrono::seconds(1));
  REQUIRE(pumpUntil(reactor, [&] { return client.reconnectIn() == std::chrono::seconds(2); }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"failed: Connection refused (retrying)", "failed: Connection refused (retrying)"});
  client.stop();
  CHECK(client.state() == ChatClient::State::Stopped);
}

TEST_CASE("a server restart is a new room: everything it kept is backfilled") {
  ManualClock clock;
  RecordingLogger log;
  RecordingChatMember bob;  // before the rooms, which speak to it until the reactor is gone
  ChatRoom first(clock, freeTalk(100));
  ChatRoom second(clock, freeTalk(200));
  TrackingFactory firstFactory(first);
  TrackingFactory secondFactory(second);
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(tcpServer(), firstFactory);
  REQUIRE(port.ok());
  const std::uint16_t number = (*port)->address().port();

  ChatClient client(reactor, clientFor((*port)->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Joined; }));
  first.shutdown();  // tells the client it may come back
  port->reset();
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Reconnecting; }));

  auto again = reactor.listen(tcpServer("127.0.0.1", number), secondFactory);
  REQUIRE(again.ok());
  const auto bobId = second.admit(bob);
  second.join(*bobId, "bob");               // 1 in the new room
  second.input(*bobId, "first after restart");  // 2
  clock.advance(std::chrono::seconds(1));
  REQUIRE(pumpUntil(reactor, [&] { return client.lastSeq() == 3; }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"joined as anna", "1 join anna: All welcome anna, client no. 1!", kHint,
              "2 notice: The server is shutting down. Bye!",
              "disconnected: Shutting down: The server is shutting down. Bye! (retrying)",
              "joined as anna", "1 join bob: All welcome bob, client no. 1!",
              "2 say bob: first after restart", "3 join anna: All welcome anna, client no. 2!",
              kHint});
}

TEST_CASE("a goodbye that forbids retrying stops the client, with the server's reason") {
  ChatRoomConfig config;
  config.rate = {.perSecond = 1, .burst = 1, .floodStrikes = 2};
  Fixture f(config);
  ChatClient client(f.reactor, f.endpoint(), clientConfig("flood"));
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Joined));
  for (int i = 0; i < 3; ++i) client.send("spam");
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Stopped));
  REQUIRE(client.lastProblem().has_value());
  CHECK(client.lastProblem()->code == ChatRoom::kFlooding);
  CHECK(client.status() == "disconnected: Closed by the chat room: flooding");
  const Lines events = describe(client.takeEvents());
  CHECK(events.back() == "disconnected: Closed by the chat room: flooding");
}

TEST_CASE("stop() leaves the room at once and never reconnects") {
  Fixture f;
  const auto bobSeat = f.local("bob");
  RecordingChatMember* const bob = bobSeat.first;
  [[maybe_unused]] const auto bobId = bobSeat.second;
  ChatClient client(f.reactor, f.endpoint(), clientConfig("anna"));
  REQUIRE(f.pumpUntilState(client, ChatClient::State::Joined));
  client.stop();
  CHECK(client.state() == ChatClient::State::Stopped);
  REQUIRE(pumpUntil(f.reactor, [&] { return f.room.memberCount() == 1; }));
  CHECK(bob->lines.back() == "3 leave anna: anna has gone away");
  f.clock.advance(std::chrono::seconds(60));
  f.reactor.pump(Duration::max());
  CHECK(f.room.memberCount() == 1);
  CHECK_FALSE(client.send("anyone?"));
}

namespace {

// A server that answers each hello with a fixed script, to show the client's defences.
class ScriptedServer final : public ServerFactory {
 public:
  std::vector<ChatServerMessage> script;
  std::vector<ChatClientMessage> heard;

  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Connection>(*this);
  }
  // Drops every connection, as a broken link would.
  void cut() {
    for (auto* c : std::set<Connection*>(live_)) c->transport().abortConnection();
  }

 private:
  class Connection final : public MessageProtocol {
   public:
    explicit Connection(ScriptedServer& server) : server_(server) {}
    void connectionMade() override { server_.live_.insert(this); }
    void connectionLost(const Reason&) override { server_.live_.erase(this); }
    void messageReceived(std::uint8_t, std::string_view bytes) override {
      auto decoded = decodeChatClientMessage(bytes);
      REQUIRE(decoded.ok());
      server_.heard.push_back(*decoded);
      if (!std::holds_alternative<ChatHello>(*decoded)) return;
      for (const auto& m : server_.script) send(kChatChannel, encodeChat(m));
    }

   private:
    ScriptedServer& server_;
  };
  std::set<Connection*> live_;
};

ChatEntry entry(std::uint64_t seq, std::string text, bool replay = false) {
  ChatMessage m;
  m.seq = seq;
  m.kind = ChatKind::Say;
  m.sender = "bob";
  m.text = std::move(text);
  return ChatEntry{m, replay};
}

}  // namespace

TEST_CASE("messages already seen are dropped; replays and private ones always pass") {
  ManualClock clock;
  RecordingLogger log;
  ScriptedServer server;
  server.script = {ChatWelcomeMessage{kChatWireVersion, "anna", 5, 10, 1, {"bob"}},
                   entry(11, "new"),       entry(11, "duplicate"), entry(9, "old"),
                   entry(4, "shown again", true), entry(0, "private"),
                   entry(12, "newer")};
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(tcpServer(), server);
  REQUIRE(port.ok());
  ChatClient client(reactor, clientFor((*port)->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(reactor, [&] { return client.lastSeq() == 12; }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"joined as anna", "11 say bob: new", "(replay) 4 say bob: shown again",
              "- say bob: private", "12 say bob: newer"});
  REQUIRE(server.heard.size() == 1);
  CHECK(std::get<ChatHello>(server.heard[0]).resume == std::nullopt);  // a first join
}

TEST_CASE("a resume from further back than the room's history reports how much was missed") {
  ManualClock clock;
  RecordingLogger log;
  ScriptedServer server;
  server.script = {ChatWelcomeMessage{kChatWireVersion, "anna", 5, 3, 1, {}}, entry(4, "x")};
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(tcpServer(), server);
  REQUIRE(port.ok());
  ChatClient client(reactor, clientFor((*port)->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(reactor, [&] { return client.lastSeq() == 4; }));
  client.takeEvents();
  // While the link is down the room moves on to 50, and keeps only 41-50.
  server.script = {ChatWelcomeMessage{kChatWireVersion, "anna", 5, 50, 41, {}}, entry(41, "kept")};
  server.cut();
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Reconnecting; }));
  clock.advance(std::chrono::seconds(1));
  REQUIRE(pumpUntil(reactor, [&] { return client.lastSeq() == 41; }));
  CHECK(describe(client.takeEvents()) ==
        Lines{"disconnected: Connection lost (retrying)", "joined as anna", "missed 36",
              "41 say bob: kept"});
  REQUIRE(server.heard.size() == 2);
  CHECK(std::get<ChatHello>(server.heard[1]).resume == ChatResume{5, 4});
}

TEST_CASE("a welcome in another protocol version stops the client with a clear reason") {
  ManualClock clock;
  RecordingLogger log;
  ScriptedServer server;
  server.script = {ChatWelcomeMessage{2, "anna", 5, 0, 1, {}}};
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(tcpServer(), server);
  REQUIRE(port.ok());
  ChatClient client(reactor, clientFor((*port)->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Stopped; }));
  CHECK(client.status() ==
        "disconnected: Protocol error: the server speaks chat protocol version 2, this client 1");
}

TEST_CASE("over ENet on loopback the same client joins, talks, and reconnects after a kick") {
  SteadyClock clock;  // ENet keeps its own time: real time, bounded by pumpUntil's deadlines
  RecordingLogger log;
  std::deque<RecordingChatMember> locals;
  ChatRoomConfig config = freeTalk();
  ChatRoom room(clock, config);
  GameChatFactory front(room);
  Reactor reactor(clock, quietConfig(log));
  auto port = reactor.listen(enetServer(), front);
  REQUIRE_MESSAGE(port.ok(), (port.ok() ? "" : port.error().message));
  RecordingChatMember& bob = locals.emplace_back();
  const auto bobId = room.admit(bob);
  room.join(*bobId, "bob");

  ChatClient client(reactor, enetClient((*port)->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(reactor, [&] { return client.members().size() == 2; }));
  CHECK(client.members() == Lines{"bob", "anna"});
  client.send("hello over ENet");
  REQUIRE(pumpUntil(reactor, [&] { return bob.lines.back() == "3 say anna: hello over ENet"; }));
  room.input(*bobId, "welcome");
  REQUIRE(pumpUntil(reactor, [&] { return client.lastSeq() == 4; }));

  // The room closes (every member dismissed, as on a server restart); the client comes back
  // and gets what was said meanwhile.
  room.shutdown();
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Reconnecting; }));
  RecordingChatMember& carl = locals.emplace_back();
  room.join(*room.admit(carl), "carl");
  REQUIRE(pumpUntil(reactor, [&] { return client.state() == ChatClient::State::Joined; },
                    std::chrono::seconds(20)));
  REQUIRE(pumpUntil(reactor, [&] { return client.members().size() == 2; }));
  CHECK(client.members() == Lines{"carl", "anna"});
  const Lines events = describe(client.takeEvents());
  CHECK(std::find(events.begin(), events.end(), "6 join carl: All welcome carl, client no. 3!") !=
        events.end());
  client.stop();
  REQUIRE(pumpUntil(reactor, [&] { return room.memberCount() == 1; }));
}
