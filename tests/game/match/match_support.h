// A whole arena match in one process for tests: an ArenaServer with its chat room, and players
// each with a game session and a chat session on one connection over a lossy SimLink, all on a
// ManualClock, with what the server's world was at every tick kept to hold the clients to.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "game/client/arena_client_session.h"
#include "game/proto/channels.h"
#include "game/proto/snapshot.h"
#include "game/server/arena_chat_notices.h"
#include "game/server/arena_protocol.h"
#include "game/sim/checksum.h"
#include "net/chat/chat_client_session.h"
#include "net/chat/chat_room.h"
#include "net/chat/chat_wire.h"
#include "net/netsim/sim_link.h"
#include "net/protocols/message_protocol.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

namespace weft::game::testing {

using namespace std::chrono_literals;

// One person at the game: the arena session and the chat session, both outliving connections.
class MatchPlayer final : private net::ChatClientOwner {
 public:
  MatchPlayer(const net::Clock& clock, net::Logger& log, const std::string& name)
      : game(clock, log, {.name = name}), chat(*this, log, {.name = name}) {}

  client::ArenaClientSession game;
  net::ChatClientSession chat;
  std::vector<net::ChatEnding> chatEndings;

 private:
  net::ChatState connectionState() const override {
    return game.attached() ? net::ChatState::Connecting : net::ChatState::Reconnecting;
  }
  void chatEnded(const net::ChatEnding& ending) override { chatEndings.push_back(ending); }
};

// One connection of a player: the chat channel to its chat session, the rest to its game.
class MatchPlayerProtocol final : public net::MessageProtocol {
 public:
  explicit MatchPlayerProtocol(MatchPlayer& player)
      : MessageProtocol({.maxMessageBytes = std::max(proto::kMaxServerMessageBytes,
                                                     net::kChatMaxServerMessageBytes)}),
        player_(player) {}
  void connectionMade() override {
    player_.game.attach(messages());
    player_.chat.attach(messages(), proto::kChatChannel);
  }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    if (channel == proto::kChatChannel) {
      player_.chat.messageReceived(message);
    } else {
      player_.game.messageReceived(channel, message);
    }
  }
  void connectionLost(const net::Reason& reason) override {
    if (player_.game.attached()) player_.game.detach(reason, true);
    if (player_.chat.attached()) player_.chat.detach(reason, true);
  }

 private:
  MatchPlayer& player_;
};

// The chat notices, and every kill the server's steps made, with its tick.
class MatchObserver final : public server::ArenaServerObserver {
 public:
  explicit MatchObserver(server::ArenaChatNotices& notices) : notices_(notices) {}
  void playerJoined(sim::PlayerId player, std::string_view name, bool bot) override {
    notices_.playerJoined(player, name, bot);
  }
  void playerLeft(sim::PlayerId player, std::string_view name) override {
    notices_.playerLeft(player, name);
    left.push_back(player);
  }
  void stepped(const proto::TickEvents& events) override {
    notices_.stepped(events);
    for (const sim::Event& event : events.events) {
      if (const auto* kill = std::get_if<sim::PlayerKilled>(&event)) {
        kills.push_back({events.tick, *kill});
      }
    }
  }

  std::vector<client::Kill> kills;
  std::vector<sim::PlayerId> left;

 private:
  server::ArenaChatNotices& notices_;
};

struct MatchHost {
  explicit MatchHost(server::ArenaServerConfig config)
      : server(scheduler, std::move(config)),
        factory(server, &room),
        notices(server, room),
        observer(notices) {
    server.setObserver(&observer);
    server.record([this](std::string_view bytes) { recordBytes += bytes; });
  }
  ~MatchHost() {
    server.setObserver(nullptr);
    links.clear();  // their ends hear connectionLost while the protocols exist
  }

  MatchPlayer& join(const std::string& name, const net::LinkConditions& conditions,
                    std::uint64_t seed) {
    MatchPlayer& player = players.emplace_back(clock, log, name);
    connect(player, conditions, seed);
    return player;
  }
  // A new link for `player` (its first, or after a drop); the index of the link in `links`.
  std::size_t connect(MatchPlayer& player, const net::LinkConditions& conditions,
                      std::uint64_t seed) {
    protocols.push_back(std::make_unique<MatchPlayerProtocol>(player));
    servers.push_back(factory.buildProtocol(net::Address::loopbackIPv4(40000)));
    net::SimLinkConfig linkConfig;
    linkConfig.seed = seed;
    links.push_back(std::make_unique<net::SimLink>(scheduler, conditions, linkConfig));
    links.back()->connect(*protocols.back(), *servers.back());
    return links.size() - 1;
  }

  // Lets `duration` pass a millisecond at a time; `frame` runs every 16 ms (a 60 Hz game loop)
  // and is where the players update.
  void run(net::Duration duration, const std::function<void()>& frame) {
    for (net::Duration spent{}; spent < duration; spent += 1ms) {
      clock.advance(1ms);
      keep();
      if ((++millis_) % 16 == 0) frame();
    }
  }
  // Runs frames until `done` (checked each frame) or `limit`; whether it got done.
  bool runUntil(const std::function<bool()>& done, net::Duration limit,
                const std::function<void()>& frame) {
    for (net::Duration spent{}; spent <= limit; spent += 16ms) {
      if (done()) return true;
      run(16ms, frame);
    }
    return done();
  }
  // The server's world at each tick it stepped to, and its checksum.
  void keep() {
    const sim::World& world = server.world();
    if (!history.empty() && history.rbegin()->first == world.tick) return;
    history[world.tick] = proto::snapshotOf(world);
    checksums.emplace_back(world.tick, sim::checksum(world));
  }
  const proto::Snapshot* serverAt(sim::Tick tick) const {
    const auto found = history.find(tick);
    return found == history.end() ? nullptr : &found->second;
  }

  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  net::Scheduler scheduler{clock, log};
  net::ChatRoom room{clock};
  server::ArenaServer server;
  server::ArenaFactory factory;
  server::ArenaChatNotices notices;
  MatchObserver observer;
  std::string recordBytes;
  std::deque<MatchPlayer> players;
  std::vector<std::unique_ptr<MatchPlayerProtocol>> protocols;
  std::vector<std::unique_ptr<net::Protocol>> servers;
  std::vector<std::unique_ptr<net::SimLink>> links;
  std::map<sim::Tick, proto::Snapshot> history;
  std::vector<std::pair<sim::Tick, std::uint64_t>> checksums;  // each tick's, in order

 private:
  std::uint64_t millis_ = 0;
};

}  // namespace weft::game::testing
