// Chat on a channel of the game's own connection: a game protocol carries its inputs and
// acknowledgements on channel 1 and snapshots on channel 2, and chat on channel 0 of the SAME
// connection — a GameChatSession on the server, a ChatClientSession that outlives connections on
// the client. Over one ENet connection on loopback (real sockets, pumped with a deadline) and
// over one SimLink (ManualClock): both kinds of traffic flow side by side, and after the
// connection drops and the client reconnects, what was said meanwhile arrives once, in order;
// a player who leaves the chat (/quit) keeps playing on the same connection.

#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "net/chat/chat_client_session.h"
#include "net/chat/chat_room.h"
#include "net/chat/game_chat_session.h"
#include "net/netsim/sim_link.h"
#include "net/protocols/message_protocol.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "tests/support/printers.h"
#include "tests/net/core/loopback.h"

using namespace weft::net;
using namespace std::chrono_literals;
using weft::testing::RecordingChatMember;
using Lines = std::vector<std::string>;

namespace {

constexpr std::uint8_t kChat = 0;       // the chat session's
constexpr std::uint8_t kEvents = 1;     // the game's inputs up, their acknowledgements down
constexpr std::uint8_t kSnapshots = 2;  // the game's snapshots down, unreliable and sequenced
// The game's own reason for sending a player away to reconnect, from the game's band.
constexpr ReasonCode kRejoin = reasonCode(ReasonBand::Game, 1);

ChatRoomConfig freeTalk() {
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  return config;
}

// --- The game's server -------------------------------------------------------------------

class ArenaConnection;

struct ArenaServer {
  weft::testing::ManualClock roomClock;  // the room's timestamps only
  RecordingChatMember bob;               // a player at the server's console
  ChatRoom room{roomClock, freeTalk()};
  ChatRoom::MemberId bobId{};
  GameChatStats chatStats;
  std::set<ArenaConnection*> live;
  Lines inputs;           // every game input, from every connection, in arrival order
  int strayMessages = 0;  // on a channel the game does not use
  std::vector<Reason> chatEnded;

  ArenaServer() {
    bobId = *room.admit(bob);
    room.join(bobId, "bob");
  }
};

// One player's connection on the server: the game's protocol, with the chat session inside.
class ArenaConnection final : public MessageProtocol, private GameChatOwner {
 public:
  explicit ArenaConnection(ArenaServer& server)
      : server_(server), chat_(server.room, *this, server.chatStats) {}
  ~ArenaConnection() override { server_.live.erase(this); }

  void connectionMade() override {
    server_.live.insert(this);
    chat_.connectionMade(messages(), kChat);
  }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    switch (channel) {
      case kChat:
        return chat_.messageReceived(message);
      case kEvents:
        server_.inputs.emplace_back(message);
        send(kEvents, "ack " + std::string(message));
        send(kSnapshots, "snapshot " + std::to_string(++snapshots_), Delivery::Unreliable);
        return;
      default:
        ++server_.strayMessages;
    }
  }
  void connectionLost(const Reason&) override {
    chat_.connectionLost();
    server_.live.erase(this);
  }

 private:
  std::size_t chatBacklog() const override { return transport().bufferedBytes(); }
  Address chatPeer() const override { return transport().peer(); }
  void chatEnded(const Reason& reason) override { server_.chatEnded.push_back(reason); }

  ArenaServer& server_;
  GameChatSession chat_;
  int snapshots_ = 0;
};

class ArenaServerFactory final : public ServerFactory {
 public:
  explicit ArenaServerFactory(ArenaServer& server) : server_(server) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<ArenaConnection>(server_);
  }

 private:
  ArenaServer& server_;
};

// --- The game's client -------------------------------------------------------------------

// The player's game: one ChatClientSession for as long as the game runs, attached to each
// connection the game makes. It reconnects when the test says so.
class ArenaClient final : private ChatClientOwner {
 public:
  class Connection final : public MessageProtocol {
   public:
    explicit Connection(ArenaClient& client) : client_(client) {}
    void connectionMade() override {
      client_.connection = this;
      client_.everConnected_ = true;
      client_.snapshots.clear();  // a new connection starts the game's state afresh
      client_.chat.attach(messages(), kChat);
    }
    void messageReceived(std::uint8_t channel, std::string_view message) override {
      if (channel == kChat) return client_.chat.messageReceived(message);
      (channel == kEvents ? client_.acks : client_.snapshots).emplace_back(message);
    }
    void connectionLost(const Reason& reason) override {
      client_.connection = nullptr;
      client_.chat.detach(reason, true);
    }

   private:
    ArenaClient& client_;
  };

  explicit ArenaClient(Logger& logger) : chat(*this, logger, {.name = "anna", .maxEvents = 100}) {}

  void input(const std::string& what) {
    REQUIRE(connection != nullptr);
    connection->send(kEvents, what);
  }
  // The snapshot numbers, which an unreliable sequenced channel never delivers out of order.
  bool snapshotsInOrder() const {
    int last = 0;
    for (const std::string& s : snapshots) {
      const int n = std::stoi(s.substr(9));
      if (n <= last) return false;
      last = n;
    }
    return true;
  }

  ChatClientSession chat;
  Connection* connection = nullptr;
  Lines acks;       // every acknowledgement, across connections
  Lines snapshots;  // this connection's

 private:
  ChatState connectionState() const override {
    if (chatOver_) return ChatState::Stopped;
    return everConnected_ ? ChatState::Reconnecting : ChatState::Connecting;
  }
  // The game plays on without chat: only the chat is detached from the connection.
  void chatEnded(const ChatEnding& ending) override {
    chatOver_ = true;
    chat.detach(ending.reason, false);
  }

  bool everConnected_ = false;
  bool chatOver_ = false;
};

class ArenaClientFactory final : public ClientFactory {
 public:
  explicit ArenaClientFactory(ArenaClient& client) : client_(client) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<ArenaClient::Connection>(client_);
  }

 private:
  ArenaClient& client_;
};

Lines describe(const std::vector<ChatEvent>& events) {
  Lines out;
  for (const ChatEvent& e : events) {
    switch (e.type) {
      case ChatEvent::Type::Joined:
        out.push_back("joined as " + e.name);
        break;
      case ChatEvent::Type::Message:
        out.push_back(RecordingChatMember::describe(e.message));
        break;
      case ChatEvent::Type::Missed:
        out.push_back("missed " + std::to_string(e.missed));
        break;
      case ChatEvent::Type::Disconnected:
        out.push_back("disconnected: " + std::string(weft::net::describe(e.reason.code)) +
                      (e.willRetry ? " (retrying)" : ""));
        break;
      case ChatEvent::Type::Failed:
        out.push_back("failed");
        break;
    }
  }
  return out;
}

const std::string kHint =
    "- private: Use /command to execute commands and /help to get a list of all commands.";

// The conversation both tests hold, over whichever transport: `settle(done)` drives the network
// until `done()`, `drop()` ends the player's connection, `reconnect()` makes a new one.
// `dropped` is how the client reads the drop ("Closed by the game" when the server sent it away).
template <typename Settle, typename Drop, typename Reconnect>
void playAndChat(ArenaServer& server, ArenaClient& client, Settle&& settle, Drop&& drop,
                 Reconnect&& reconnect, const std::string& dropped) {
  REQUIRE(settle([&] { return client.chat.members().size() == 2; }));  // our join is in
  CHECK(client.chat.state() == ChatState::Joined);
  CHECK(client.chat.members() == Lines{"bob", "anna"});

  // Game inputs and chat lines interleaved on one connection, each on its own channel.
  client.input("move left");
  REQUIRE(client.chat.send("hello from the game"));
  client.input("fire");
  REQUIRE(settle([&] { return client.acks.size() == 2 && client.chat.lastSeq() == 3; }));
  server.room.input(server.bobId, "hi anna");
  client.input("jump");
  REQUIRE(settle([&] { return client.acks.size() == 3 && client.chat.lastSeq() == 4; }));
  CHECK(server.inputs == Lines{"move left", "fire", "jump"});
  CHECK(client.acks == Lines{"ack move left", "ack fire", "ack jump"});
  CHECK_FALSE(client.snapshots.empty());
  CHECK(client.snapshotsInOrder());
  CHECK(server.bob.lines.back() == "4 say bob: hi anna");
  CHECK(describe(client.chat.takeEvents()) ==
        Lines{"joined as anna", "2 join anna: All welcome anna, client no. 2!", kHint,
              "3 say anna: hello from the game", "4 say bob: hi anna"});

  // The connection drops; the room moves on while the player is away.
  drop();
  REQUIRE(settle([&] { return server.live.empty() && client.connection == nullptr; }));
  CHECK(client.chat.state() == ChatState::Reconnecting);
  CHECK_FALSE(client.chat.send("anyone?"));
  server.room.input(server.bobId, "while you were away");  // 6 (5 is anna's leave)
  server.room.input(server.bobId, "and more");             // 7

  // Back on a new connection: chat backfills exactly what was missed, the game carries on.
  reconnect();
  REQUIRE(settle([&] { return client.chat.state() == ChatState::Joined; }));
  client.input("respawn");
  REQUIRE(settle([&] { return client.acks.size() == 4 && client.chat.lastSeq() == 8; }));
  CHECK(describe(client.chat.takeEvents()) ==
        Lines{"disconnected: " + dropped + " (retrying)", "joined as anna",
              "5 leave anna: anna has gone away", "6 say bob: while you were away",
              "7 say bob: and more", "8 join anna: All welcome anna, client no. 3!", kHint});
  CHECK(client.chat.members() == Lines{"bob", "anna"});
  CHECK(client.acks.back() == "ack respawn");
  CHECK(server.inputs.back() == "respawn");
  CHECK(client.snapshotsInOrder());  // the new connection's, numbered afresh

  CHECK(server.chatEnded.empty());

  // The player leaves the chat, not the game: the connection stays and the game goes on.
  REQUIRE(client.chat.send("/quit"));
  client.input("still playing");
  REQUIRE(
      settle([&] { return client.acks.size() == 5 && client.chat.state() == ChatState::Stopped; }));
  REQUIRE(server.chatEnded.size() == 1);
  CHECK(server.chatEnded[0] == Reason::done("quit"));
  CHECK(server.live.size() == 1);
  CHECK(client.connection != nullptr);
  CHECK(client.acks.back() == "ack still playing");
  CHECK(describe(client.chat.takeEvents()) ==
        Lines{"- private: Bye!", "disconnected: Connection closed"});
  CHECK(server.bob.lines.back() == "9 leave anna: anna has gone away");

  CHECK(server.chatStats.badMessages == 0);  // no game message ever reached the chat session
  CHECK(server.strayMessages == 0);
}

}  // namespace

TEST_CASE(
    "over one ENet connection the game's channels 1-2 and chat on channel 0 flow side by "
    "side, and chat backfills after a reconnect") {
  SteadyClock clock;  // ENet keeps its own time: real time, bounded by pumpUntil's deadlines
  weft::testing::RecordingLogger log;
  ArenaServer server;
  ArenaServerFactory serverFactory(server);
  Reactor reactor(clock, weft::test::quietConfig(log));
  auto port = reactor.listen(weft::test::enetServer(), serverFactory);
  REQUIRE_MESSAGE(port.ok(), (port.ok() ? "" : port.error().message));

  ArenaClient client(log);
  ArenaClientFactory clientFactory(client);
  auto connector = reactor.connect(weft::test::enetClient((*port)->address()), clientFactory);
  playAndChat(
      server, client, [&](auto&& done) { return weft::testing::pumpUntil(reactor, done); },
      [&] { (*server.live.begin())->messages().disconnect(kRejoin); },
      [&] { connector->connect(); }, "Closed by the game");
  connector.reset();
}

TEST_CASE(
    "over one SimLink the game's channels 1-2 and chat on channel 0 flow side by side, "
    "and chat backfills after a reconnect") {
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  Scheduler scheduler(clock, log);
  ArenaServer server;
  ArenaClient client(log);
  std::deque<std::unique_ptr<ArenaConnection>> serverEnds;  // before the links: they outlive them
  std::deque<std::unique_ptr<ArenaClient::Connection>> clientEnds;
  std::deque<std::unique_ptr<SimLink>> links;
  LinkConditions network;
  network.latency = 20ms;
  network.jitter = 5ms;
  const auto connect = [&] {
    SimLinkConfig config;
    config.seed = 7 + links.size();
    links.push_back(std::make_unique<SimLink>(scheduler, network, config));
    serverEnds.push_back(std::make_unique<ArenaConnection>(server));
    clientEnds.push_back(std::make_unique<ArenaClient::Connection>(client));
    links.back()->connect(*clientEnds.back(), *serverEnds.back());
  };
  const auto settle = [&](auto&& done) {
    for (Duration spent{}; spent <= 60s; spent += 5ms) {
      if (done()) return true;
      clock.advance(5ms);
    }
    return done();
  };
  connect();
  // The client's link goes dead without a word; the server notices when its pings go unanswered.
  playAndChat(
      server, client, settle, [&] { links.back()->client().abort(); }, connect,
      "Connection aborted");
  // No loss configured: every snapshot of the new connection arrives too.
  REQUIRE(settle([&] { return client.snapshots.size() == 2; }));
  CHECK(client.snapshots == Lines{"snapshot 1", "snapshot 2"});
  links.clear();
}
