// A session whose link drops attaches to a new one and gets the same player back with its
// resume token; events from the game (joins, leaves, kills, phases) reach takeEvents().

#include <doctest/doctest.h>

#include "game/client/arena_client_session.h"
#include "tests/game/client/client_support.h"

using namespace weft::game;
using namespace weft::game::client;
using namespace weft::game::client::testing;
namespace net = weft::net;

TEST_CASE("a dropped link reconnects and resumes into the same player") {
  Arena arena(smallConfig());
  arena.server.start();
  ArenaClientSession& anna = arena.join({.name = "anna"}, lossy(), 1);
  REQUIRE(arena.runUntil([&] { return anna.phase() == SessionPhase::Playing; }));
  const sim::PlayerId me = anna.player();
  (void)anna.takeEvents();
  sim::Input right;
  right.moveX = 127;
  anna.setInput(right);
  arena.run(1s);

  // The network goes: each end finds out on its own (ENet's timeout), the server holds her.
  arena.links.back()->client().abort();
  arena.links.back()->server().abort();
  REQUIRE(arena.runUntil([&] { return !anna.attached(); }));
  auto dropped = eventsOf<Disconnected>(anna.takeEvents());
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].willRetry);
  CHECK(anna.phase() == SessionPhase::Detached);
  arena.run(2s);
  CHECK(arena.server.playerCount() == 1);  // held for the resume

  arena.connect(anna, lossy(), 2);
  REQUIRE(arena.runUntil([&] { return anna.phase() == SessionPhase::Playing; }));
  const auto welcomed = eventsOf<Welcomed>(anna.takeEvents());
  REQUIRE(welcomed.size() == 1);
  CHECK(welcomed[0].resumed);
  CHECK(welcomed[0].player == me);
  CHECK(anna.player() == me);
  CHECK(arena.server.stats().resumed == 1);
  CHECK(arena.server.playerCount() == 1);
  // And it plays on: snapshots, inputs applied again.
  REQUIRE(arena.runUntil([&] {
    return anna.latestSnapshot() && anna.latestSnapshot()->appliedInputTick != proto::kNoInput;
  }));
}

TEST_CASE("a resume after the grace joins as a newcomer") {
  server::ArenaServerConfig config = smallConfig();
  config.resumeGrace = 1s;
  Arena arena(config);
  arena.server.start();
  ArenaClientSession& anna = arena.join({.name = "anna"}, {}, 1);
  REQUIRE(arena.runUntil([&] { return anna.phase() == SessionPhase::Playing; }));
  arena.links.back()->client().abort();
  arena.links.back()->server().abort();
  REQUIRE(arena.runUntil([&] { return !anna.attached(); }));
  arena.run(3s);
  (void)anna.takeEvents();
  arena.connect(anna, {}, 2);
  REQUIRE(arena.runUntil([&] { return anna.phase() == SessionPhase::Playing; }));
  const auto welcomed = eventsOf<Welcomed>(anna.takeEvents());
  REQUIRE(welcomed.size() == 1);
  CHECK_FALSE(welcomed[0].resumed);
}

TEST_CASE("joins, leaves, the match's start and kills reach the events") {
  server::ArenaServerConfig config = smallConfig();
  config.bots = 3;
  config.sim.scoreLimit = 1;
  Arena arena(config);
  arena.server.start();
  ArenaClientSession& anna = arena.join({.name = "anna"}, {}, 1);
  std::vector<ClientEvent> events;
  REQUIRE(arena.runUntil(
      [&] {
        for (ClientEvent& e : anna.takeEvents()) events.push_back(std::move(e));
        return !eventsOf<Kill>(events).empty();
      },
      300s));
  const auto joined = eventsOf<PlayerJoined>(events);
  CHECK(joined.size() >= 4);  // the three bots and anna herself
  CHECK(std::count_if(joined.begin(), joined.end(), [](const PlayerJoined& j) { return j.bot; }) ==
        3);
  const auto phases = eventsOf<PhaseChanged>(events);
  CHECK(std::any_of(phases.begin(), phases.end(),
                    [](const PhaseChanged& p) { return p.phase == sim::MatchPhase::Playing; }));
  CHECK(anna.nameOf(anna.player()) == "anna");
}
