// ArenaClientSession against a real ArenaServer over SimLinks on a ManualClock: the Welcome,
// snapshots equal to the server's world, prediction that matches the server exactly without
// loss and within the correction budget with loss, and the others interpolated.

#include <doctest/doctest.h>

#include <cmath>

#include "game/client/arena_client_session.h"
#include "tests/game/client/client_support.h"

using namespace weft::game;
using namespace weft::game::client;
using namespace weft::game::client::testing;
namespace net = weft::net;

TEST_CASE("a session is welcomed and decodes snapshots equal to the server's world") {
  Arena arena(smallConfig());
  arena.server.start();
  ArenaClientSession& anna = arena.join({.name = "anna"}, lossy(), 1);
  REQUIRE(arena.runUntil([&] { return anna.stats().snapshots >= 50; }, 20s));
  const auto welcomed = eventsOf<Welcomed>(anna.takeEvents());
  REQUIRE(welcomed.size() == 1);
  CHECK_FALSE(welcomed[0].resumed);
  CHECK(anna.phase() == SessionPhase::Playing);
  CHECK(anna.player() == welcomed[0].player);
  CHECK(anna.resumeToken().has_value());
  REQUIRE(anna.latestSnapshot());
  const proto::Snapshot* server = arena.serverAt(anna.latestSnapshot()->state.tick);
  REQUIRE(server != nullptr);
  CHECK(anna.latestSnapshot()->state == *server);
  // Acks make the server code deltas: after the first, few are full.
  CHECK(arena.server.stats().fullSnapshots < 10);
}

TEST_CASE("without loss the predicted own player is the server's, tick for tick") {
  Arena arena(smallConfig());
  arena.server.start();
  net::LinkConditions conditions;
  conditions.latency = 25ms;
  ArenaClientSession& anna = arena.join({.name = "anna"}, conditions, 2);
  REQUIRE(arena.runUntil([&] { return anna.phase() == SessionPhase::Playing; }));
  const sim::PlayerId me = anna.player();
  arena.run(1s);  // spawned, synced
  REQUIRE(arena.server.world().players[me]->alive);
  const sim::Vec start = arena.server.world().players[me]->position;

  // Each frame, what the client predicts for the tick the server is at now: its newest
  // prediction of that tick, made from snapshots older than it.
  int compared = 0;
  int mismatched = 0;
  std::map<sim::Tick, sim::Player> predicted;
  const net::TimePoint began = arena.clock.now();
  arena.run(20s, [&] {
    anna.setInput(scripted(arena.clock.now() - began, 0));
    const sim::Tick serverTick = arena.server.world().tick;
    if (auto p = anna.predictor().predictedAt(serverTick);
        p && anna.predictor().tick() > serverTick) {
      predicted[serverTick] = *p;
    }
  });
  for (const auto& [tick, player] : predicted) {
    const proto::Snapshot* server = arena.serverAt(tick);
    if (!server || !server->players[me]) continue;
    ++compared;
    if (server->players[me]->position != player.position ||
        server->players[me]->velocity != player.velocity) {
      ++mismatched;
    }
  }
  MESSAGE("compared ", compared, " ticks, lead ", anna.stats().lead.count() / 1000000, " ms");
  CHECK(compared > 500);
  CHECK(mismatched == 0);
  CHECK(anna.stats().corrections.ownInputs == 0);
  CHECK(anna.stats().lateInputs == 0);
  const sim::Vec end = arena.server.world().players[me]->position;
  CHECK((std::abs(end.x - start.x) + std::abs(end.y - start.y)) > 0);
}

TEST_CASE("at 50 ms RTT, 10 ms jitter and 5 % loss corrections stay within a budget") {
  Arena arena(smallConfig());
  arena.server.start();
  ArenaClientSession& anna = arena.join({.name = "anna"}, lossy(), 3);
  ArenaClientSession& ben = arena.join({.name = "ben"}, lossy(), 4);
  REQUIRE(arena.runUntil([&] {
    return anna.phase() == SessionPhase::Playing && ben.phase() == SessionPhase::Playing;
  }));
  arena.run(2s);
  const auto ownBefore = anna.stats().corrections.ownInputs + ben.stats().corrections.ownInputs;
  const net::TimePoint began = arena.clock.now();
  constexpr auto kMinutes = 2;
  arena.run(std::chrono::minutes(kMinutes), [&] {
    anna.setInput(scripted(arena.clock.now() - began, 0));
    ben.setInput(scripted(arena.clock.now() - began, 3, 700ms));
  });
  const ArenaSessionStats a = anna.stats();
  const ArenaSessionStats b = ben.stats();
  const auto own = a.corrections.ownInputs + b.corrections.ownInputs - ownBefore;
  MESSAGE("own-input corrections per player-minute: ", static_cast<double>(own) / (2 * kMinutes),
          "; by others: ", a.corrections.others + b.corrections.others,
          "; late inputs: ", a.lateInputs + b.lateInputs, "; lead ", a.lead.count() / 1000000,
          " ms; delay ", a.interpolationDelay.count() / 1000000, " ms; starved ", a.starvedFrames,
          "/", a.frames);
  // The budget: at most one correction caused by the own inputs per player-minute.
  CHECK(own <= 2 * kMinutes);
  CHECK(a.interpolationDelay <= 100ms);
  CHECK(a.starvedFrames * 100 <= a.frames);
  // The own player, once acknowledged, is the server's: the newest snapshot's own player was
  // predicted within the correction budget (here held exactly to the snapshot).
  CHECK(a.snapshots > 2500);
}

TEST_CASE("others are drawn between the two snapshots around the render tick") {
  Arena arena(smallConfig());
  arena.server.start();
  net::LinkConditions conditions;
  conditions.latency = 25ms;
  conditions.jitter = 1ms;
  ArenaClientSession& anna = arena.join({.name = "anna"}, conditions, 5);
  ArenaClientSession& ben = arena.join({.name = "ben"}, conditions, 6);
  REQUIRE(arena.runUntil([&] {
    return anna.phase() == SessionPhase::Playing && ben.phase() == SessionPhase::Playing;
  }));
  arena.run(2s);
  const sim::PlayerId other = ben.player();
  int checked = 0;
  int outside = 0;
  const net::TimePoint began = arena.clock.now();
  arena.run(10s, [&] {
    ben.setInput(scripted(arena.clock.now() - began, 1));
    const RenderView& view = anna.view();
    for (const RenderPlayer& p : view.others.players) {
      if (p.id != other || view.others.starved) continue;
      // Between the server's positions at the snapshot ticks around the render tick.
      const auto a = static_cast<sim::Tick>(std::floor(view.renderTick / 2) * 2);
      const proto::Snapshot* from = arena.serverAt(a);
      const proto::Snapshot* to = arena.serverAt(a + 2);
      if (!from || !to || !from->players[other] || !to->players[other]) continue;
      const sim::Vec f = from->players[other]->position;
      const sim::Vec t = to->players[other]->position;
      ++checked;
      if (p.position.x < std::min(f.x, t.x) - 0.5 || p.position.x > std::max(f.x, t.x) + 0.5 ||
          p.position.y < std::min(f.y, t.y) - 0.5 || p.position.y > std::max(f.y, t.y) + 0.5) {
        ++outside;
      }
    }
  });
  CHECK(checked > 400);
  CHECK(outside == 0);
  // The delay: two snapshot intervals (80 ms at 25 Hz) plus a little for the measured jitter.
  const ArenaSessionStats stats = anna.stats();
  MESSAGE("interpolation delay at 25 Hz: ", stats.interpolationDelay.count() / 1000, " us");
  CHECK(stats.interpolationDelay >= 80ms);
  CHECK(stats.interpolationDelay <= 90ms);
  CHECK(stats.starvedFrames == 0);
  // The render tick trails the server by the delay and the one-way latency.
  const double behind = arena.server.world().tick - anna.view().renderTick;
  CHECK(behind > 4);
  CHECK(behind < 8);
}

TEST_CASE("at 50 Hz snapshots the delay is two 20 ms intervals plus jitter") {
  server::ArenaServerConfig config = smallConfig();
  config.snapshotRate = 50;
  Arena arena(config);
  arena.server.start();
  net::LinkConditions conditions;
  conditions.latency = 5ms;
  conditions.jitter = 1ms;
  ArenaClientSession& anna = arena.join({.name = "anna"}, conditions, 7);
  REQUIRE(arena.runUntil([&] { return anna.phase() == SessionPhase::Playing; }));
  arena.run(5s);
  const ArenaSessionStats stats = anna.stats();
  MESSAGE("interpolation delay at 50 Hz: ", stats.interpolationDelay.count() / 1000, " us");
  CHECK(stats.interpolationDelay >= 40ms);
  CHECK(stats.interpolationDelay <= 50ms);
  CHECK(stats.starvedFrames == 0);
}

TEST_CASE("frames without snapshots are counted starved and extrapolate at most an interval") {
  Arena arena(smallConfig());
  arena.server.start();
  net::LinkConditions conditions;
  conditions.latency = 10ms;
  ArenaClientSession& anna = arena.join({.name = "anna"}, conditions, 8);
  ArenaClientSession& ben = arena.join({.name = "ben"}, conditions, 9);
  REQUIRE(arena.runUntil([&] {
    return anna.phase() == SessionPhase::Playing && ben.phase() == SessionPhase::Playing;
  }));
  sim::Input right;
  right.moveX = 127;
  ben.setInput(right);
  arena.run(2s);
  REQUIRE(anna.stats().starvedFrames == 0);
  // Snapshots stop reaching anna.
  net::LinkConditions cut = conditions;
  cut.lossPercent = 100;
  arena.links[0]->setConditions(net::SimLink::Direction::ServerToClient, cut);
  const proto::Snapshot last = anna.latestSnapshot()->state;
  arena.run(1s);
  const ArenaSessionStats stats = anna.stats();
  CHECK(stats.starvedFrames > 40);
  const RenderView& view = anna.view();
  CHECK(view.others.starved);
  for (const RenderPlayer& p : view.others.players) {
    if (p.id != ben.player()) continue;
    const sim::Player& seen = *last.players[p.id];
    // At most one snapshot interval (2 ticks) along its last velocity.
    CHECK(std::abs(p.position.x - (seen.position.x + 2.0 * seen.velocity.x)) < 1);
  }
}
