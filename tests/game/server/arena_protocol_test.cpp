// The arena server on real connections: ArenaFactory's protocols over lossy simulated links
// (SimLink under a ManualClock), with the server's chat room on each connection's chat channel
// and its news (joins, kills, the match) in that room.

#include "game/server/arena_protocol.h"

#include <doctest/doctest.h>

#include <deque>

#include "game/server/arena_chat_notices.h"
#include "net/chat/chat_wire.h"
#include "net/netsim/sim_link.h"
#include "net/testing/recording_logger.h"
#include "tests/game/server/server_support.h"

using namespace weft::game;
using namespace weft::game::server;
using namespace weft::game::server::testing;
namespace net = weft::net;

namespace {

// A game client as the wire sees it: a Hello on connecting (and a chat hello, if it chats), the
// server's control messages and snapshots decoded, chat entries kept as text.
class WireArenaClient final : public net::MessageProtocol {
 public:
  WireArenaClient(std::string name, bool chats)
      : MessageProtocol({.maxMessageBytes = net::kChatMaxServerMessageBytes}),
        name_(std::move(name)),
        chats_(chats) {}

  void connectionMade() override {
    messages().send(proto::kControlChannel, helloBytes(name_), proto::kControlDelivery);
    if (chats_) {
      net::ChatHello hello;
      hello.name = name_;
      messages().send(proto::kChatChannel, net::encodeChat(net::ChatClientMessage{hello}));
    }
  }
  void connectionLost(const net::Reason& reason) override { lost = reason; }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    if (channel == proto::kControlChannel) {
      auto decoded = proto::decodeServerControl(message);
      REQUIRE(decoded.ok());
      if (const auto* w = std::get_if<proto::Welcome>(&decoded.value())) welcome = *w;
      control.push_back(std::move(decoded.value()));
    } else if (channel == proto::kSnapshotChannel) {
      auto decoded = proto::decodeSnapshot(message, ring);
      REQUIRE(decoded.ok());
      ring.put(decoded.value().state);
      latest = decoded.value();
      ++snapshots;
    } else if (channel == proto::kChatChannel) {
      auto decoded = net::decodeChatServerMessage(message);
      REQUIRE(decoded.ok());
      if (const auto* entry = std::get_if<net::ChatEntry>(&decoded.value())) {
        chat.push_back(entry->message.text);
      }
    }
  }
  void say(std::string_view line) {
    messages().send(proto::kChatChannel,
                    net::encodeChat(net::ChatClientMessage{net::ChatInput{std::string(line)}}));
  }
  void sendInput(sim::Tick tick, const sim::Input& input) {
    proto::InputPacket packet{tick, {input}, latest ? latest->state.tick : proto::kNoSnapshot};
    messages().send(proto::kInputChannel, proto::encodeInputPacket(packet), proto::kInputDelivery);
  }

  std::optional<proto::Welcome> welcome;
  std::vector<proto::ServerControl> control;
  proto::SnapshotRing ring;
  std::optional<proto::ReceivedSnapshot> latest;
  int snapshots = 0;
  std::vector<std::string> chat;
  std::optional<net::Reason> lost;

 private:
  std::string name_;
  bool chats_;
};

net::LinkConditions lanWithTrouble() {
  net::LinkConditions c;
  c.latency = 25ms;
  c.jitter = 5ms;
  c.lossPercent = 5;
  c.duplicatePercent = 2;
  c.reorderPercent = 5;
  return c;
}

struct Arena {
  explicit Arena(ArenaServerConfig config)
      : server(scheduler, std::move(config)), factory(server, &room) {}
  ~Arena() {
    links.clear();  // their ends hear connectionLost while the protocols exist
  }

  WireArenaClient& join(std::string name, bool chats, std::uint64_t seed) {
    auto& client = clients.emplace_back(std::move(name), chats);
    servers.push_back(factory.buildProtocol(net::Address::loopbackIPv4(40000)));
    net::SimLinkConfig linkConfig;
    linkConfig.seed = seed;
    links.push_back(std::make_unique<net::SimLink>(scheduler, lanWithTrouble(), linkConfig));
    links.back()->connect(client, *servers.back());
    return client;
  }
  template <typename Done>
  bool settle(Done&& done, net::Duration limit = 30s) {
    for (net::Duration spent{}; spent <= limit; spent += 5ms) {
      if (done()) return true;
      clock.advance(5ms);
    }
    return done();
  }

  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  net::Scheduler scheduler{clock, log};
  net::ChatRoom room{clock};
  ArenaServer server;
  ArenaFactory factory;
  std::deque<WireArenaClient> clients;
  std::vector<std::unique_ptr<net::Protocol>> servers;
  std::vector<std::unique_ptr<net::SimLink>> links;
};

}  // namespace

TEST_CASE("over a lossy link a client is welcomed, reads snapshots, moves, and chats beside it") {
  Arena arena(smallConfig());
  ArenaChatNotices notices(arena.server, arena.room);
  arena.server.start();
  WireArenaClient& anna = arena.join("anna", true, 11);
  WireArenaClient& ben = arena.join("ben", true, 12);
  REQUIRE(arena.settle([&] { return anna.welcome && ben.welcome && anna.snapshots > 5; }));
  CHECK(anna.welcome->player != ben.welcome->player);

  // Anna runs right for a second, sending each tick's input a few ticks ahead of the server.
  const sim::PlayerId me = anna.welcome->player;
  REQUIRE(arena.settle([&] { return arena.server.world().players[me]->alive; }));
  const sim::Coord startX = arena.server.world().players[me]->position.x;
  sim::Input right;
  right.moveX = 127;
  for (int i = 0; i < 50; ++i) {
    anna.sendInput(arena.server.world().tick + 3, right);
    arena.clock.advance(20ms);
  }
  CHECK(arena.server.world().players[me]->position.x > startX);
  REQUIRE(arena.settle(
      [&] { return anna.latest && anna.latest->appliedInputTick != proto::kNoInput; }));

  // Chat rides on the same connection: ben reads anna's line and the room's arena news.
  REQUIRE(arena.settle([&] { return arena.room.memberCount() == 2; }));
  anna.say("hello from the arena");
  REQUIRE(arena.settle([&] {
    return std::find(ben.chat.begin(), ben.chat.end(), "hello from the arena") != ben.chat.end();
  }));
  arena.join("cy", false, 13);
  REQUIRE(arena.settle([&] {
    return std::find(ben.chat.begin(), ben.chat.end(), "cy entered the arena") != ben.chat.end();
  }));
  CHECK_FALSE(anna.lost);
}

TEST_CASE("a client without chat plays on after its chat's hello timeout") {
  Arena arena(smallConfig());
  arena.server.start();
  WireArenaClient& bot = arena.join("robot", false, 21);
  REQUIRE(arena.settle([&] { return bot.welcome.has_value(); }));
  arena.clock.advance(15s);  // past GameChatConfig::helloTimeout
  const int before = bot.snapshots;
  arena.clock.advance(1s);
  CHECK(bot.snapshots > before);
  CHECK_FALSE(bot.lost);
  CHECK(arena.server.playerCount() == 1);
}

TEST_CASE("kills and the match's end reach the chat room") {
  ArenaServerConfig config = smallConfig();
  config.bots = 4;
  config.sim.scoreLimit = 2;
  Arena arena(config);
  ArenaChatNotices notices(arena.server, arena.room);
  arena.server.start();
  WireArenaClient& watcher = arena.join("tom", true, 31);
  REQUIRE(arena.settle(
      [&] {
        return std::any_of(watcher.chat.begin(), watcher.chat.end(), [](const std::string& line) {
          return line.find("The match is over: ") == 0;
        });
      },
      300s));
  CHECK(std::any_of(watcher.chat.begin(), watcher.chat.end(), [](const std::string& line) {
    return line.find(" killed ") != std::string::npos;
  }));
}

TEST_CASE("a dropped link holds the player for a resume") {
  Arena arena(smallConfig());
  arena.server.start();
  WireArenaClient& anna = arena.join("anna", false, 41);
  REQUIRE(arena.settle([&] { return anna.welcome.has_value(); }));
  arena.links.back()->client().abort();
  REQUIRE(arena.settle([&] { return anna.lost.has_value(); }));
  arena.clock.advance(1s);
  CHECK(arena.server.playerCount() == 1);
  CHECK(arena.server.stats().expired == 0);
}
