// Helpers for the arena client's tests: a real ArenaServer on a ManualClock, and sessions that
// reach it over SimLinks, each on a protocol of its own so a session can attach to a new link.
#pragma once

#include <doctest/doctest.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "game/client/arena_client_session.h"
#include "game/proto/snapshot.h"
#include "game/server/arena_protocol.h"
#include "net/netsim/sim_link.h"
#include "net/protocols/message_protocol.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"
#include "tests/game/sim/sim_support.h"

namespace weft::game::client::testing {

using namespace std::chrono_literals;

// One connection of a session: everything goes to the session, which outlives it.
class SessionProtocol final : public net::MessageProtocol {
 public:
  explicit SessionProtocol(ArenaClientSession& session, bool willRetry = true)
      : MessageProtocol({.maxMessageBytes = proto::kMaxServerMessageBytes}),
        session_(session),
        willRetry_(willRetry) {}
  void connectionMade() override { session_.attach(messages()); }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    session_.messageReceived(channel, message);
  }
  void connectionLost(const net::Reason& reason) override {
    if (session_.attached()) session_.detach(reason, willRetry_);
  }

 private:
  ArenaClientSession& session_;
  bool willRetry_;
};

inline server::ArenaServerConfig smallConfig(int maxPlayers = 4) {
  server::ArenaServerConfig config;
  config.maxPlayers = maxPlayers;
  config.maps = {sim::testing::shippedMap("dust")};
  return config;
}

inline net::LinkConditions lossy() {
  net::LinkConditions c;
  c.latency = 25ms;  // one way: 50 ms of RTT
  c.jitter = 10ms;
  c.lossPercent = 5;
  return c;
}

// A server and its clients in one process. run() lets time pass a millisecond at a time, calls
// each session's update() once a frame (every 16 ms, as a 60 Hz game loop), and keeps what the
// server's world was at every tick, so a test can hold what a client saw against it.
struct Arena {
  explicit Arena(server::ArenaServerConfig config)
      : server(scheduler, std::move(config)), factory(server, nullptr) {}
  ~Arena() { links.clear(); }

  ArenaClientSession& join(ArenaSessionConfig config, const net::LinkConditions& conditions,
                           std::uint64_t seed) {
    auto& session = sessions.emplace_back(clock, log, std::move(config));
    connect(session, conditions, seed);
    return session;
  }
  // A new link for `session` (its first, or after a drop).
  net::SimLink& connect(ArenaClientSession& session, const net::LinkConditions& conditions,
                        std::uint64_t seed) {
    protocols.push_back(std::make_unique<SessionProtocol>(session));
    servers.push_back(factory.buildProtocol(net::Address::loopbackIPv4(40000)));
    net::SimLinkConfig linkConfig;
    linkConfig.seed = seed;
    links.push_back(std::make_unique<net::SimLink>(scheduler, conditions, linkConfig));
    links.back()->connect(*protocols.back(), *servers.back());
    return *links.back();
  }

  // Runs `duration`; `each` (if any) is called before every frame.
  void run(net::Duration duration, const std::function<void()>& each = {}) {
    for (net::Duration spent{}; spent < duration; spent += 1ms) {
      clock.advance(1ms);
      record();
      if ((++millis_) % 16 == 0) {
        if (each) each();
        for (ArenaClientSession& session : sessions) session.update();
      }
    }
  }
  template <typename Done>
  bool runUntil(Done&& done, net::Duration limit = 10s) {
    for (net::Duration spent{}; spent <= limit; spent += 16ms) {
      if (done()) return true;
      run(16ms);
    }
    return done();
  }
  void record() {
    const sim::World& world = server.world();
    if (history.empty() || history.rbegin()->first != world.tick) {
      history[world.tick] = proto::snapshotOf(world);
    }
  }
  const proto::Snapshot* serverAt(sim::Tick tick) const {
    const auto found = history.find(tick);
    return found == history.end() ? nullptr : &found->second;
  }

  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  net::Scheduler scheduler{clock, log};
  server::ArenaServer server;
  server::ArenaFactory factory;
  std::deque<ArenaClientSession> sessions;
  std::vector<std::unique_ptr<SessionProtocol>> protocols;
  std::vector<std::unique_ptr<net::Protocol>> servers;
  std::vector<std::unique_ptr<net::SimLink>> links;
  std::map<sim::Tick, proto::Snapshot> history;

 private:
  std::uint64_t millis_ = 0;
};

template <class T>
std::vector<T> eventsOf(std::vector<ClientEvent> events) {
  std::vector<T> out;
  for (ClientEvent& event : events) {
    if (T* found = std::get_if<T>(&event)) out.push_back(std::move(*found));
  }
  return out;
}

// Scripted input: runs one way, then another, changing every `period` (with fire now and
// then), so the player keeps turning and the server's repeats of a lost input would show.
inline sim::Input scripted(net::Duration elapsed, int seed, net::Duration period = 500ms) {
  static constexpr std::int8_t kMoves[][2] = {{127, 0}, {0, 127},  {-127, 0}, {0, -127},
                                              {90, 90}, {-90, 90}, {0, 0},    {-90, -90}};
  const auto step = static_cast<std::size_t>(elapsed / period) + static_cast<std::size_t>(seed);
  sim::Input input;
  input.moveX = kMoves[step % 8][0];
  input.moveY = kMoves[step % 8][1];
  input.aimX = static_cast<std::int16_t>(input.moveX == 0 ? 1 : input.moveX);
  input.aimY = input.moveY;
  return input;
}

}  // namespace weft::game::client::testing
