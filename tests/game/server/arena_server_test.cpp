#include <doctest/doctest.h>

#include "game/proto/reasons.h"
#include "game/sim/checksum.h"
#include "tests/game/server/server_support.h"

using namespace weft::game;
using namespace weft::game::server;
using namespace weft::game::server::testing;

namespace {
sim::Input runRight() {
  sim::Input input;
  input.moveX = 127;
  return input;
}
}  // namespace

TEST_CASE("a client's inputs move its player at the ticks they are for, and snapshots ack them") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  rig.ticks(1);  // spawned
  const sim::Coord startX = rig.server.world().players[0]->position.x;
  const sim::Tick first = rig.server.world().tick + 1;
  for (sim::Tick t = first; t < first + 10; ++t) anna.sendInput(t, runRight());
  rig.ticks(11);  // the ten inputs' ticks, and one more for a snapshot (every second tick)
  CHECK(rig.server.world().players[0]->position.x > startX);
  anna.readSnapshots();
  REQUIRE(anna.latest);
  CHECK(anna.latest->appliedInputTick == first + 9);
  // What the client decoded is the server's world at that tick, exactly.
  CHECK(anna.latest->state == proto::snapshotOf(rig.server.world()));
}

TEST_CASE("snapshots go out at the snapshot rate, full until the client acks one, then as deltas") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  rig.ticks(10);  // no acks yet: five full snapshots
  CHECK(anna.readSnapshots() == 5);
  CHECK(rig.server.stats().fullSnapshots == 5);
  anna.sendInput(rig.server.world().tick + 1, sim::Input{});  // acks the newest
  rig.ticks(2);
  CHECK(anna.readSnapshots() == 1);
  CHECK(anna.latest->baseline == anna.latest->state.tick - 2);
  CHECK(rig.server.stats().fullSnapshots == 5);

  ArenaServerConfig lan = smallConfig();
  lan.snapshotRate = 50;
  ServerRig fast(lan);
  Client ben(fast.server, "ben");
  fast.ticks(10);
  CHECK(ben.readSnapshots() == 10);
}

TEST_CASE(
    "inputs sent faster than the tick, or held on fire, fire no faster than the weapon allows") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  Client ben(rig.server, "ben");
  rig.ticks(1);
  sim::Input fire;
  fire.buttons = sim::kFireLaser;
  fire.aimX = 1;
  int shots = 0;
  for (int i = 0; i < 100; ++i) {
    const sim::Tick next = rig.server.world().tick + 1;
    // Twenty packets a tick, each claiming every tick of the next few: one input per tick counts.
    for (int copy = 0; copy < 20; ++copy) {
      for (sim::Tick t = next; t < next + 4; ++t) anna.sendInput(t, fire);
    }
    rig.server.tick();
    for (const auto& message : anna.link.takeControl()) {
      if (const auto* events = std::get_if<proto::TickEvents>(&message)) {
        for (const auto& event : events->events) {
          if (const auto* laser = std::get_if<sim::LaserFired>(&event))
            shots += laser->shooter == 0;
        }
      }
    }
  }
  // 100 ticks at 50 Hz with a 0.5 s cooldown: a shot at the start, then every 25 ticks.
  CHECK(shots == 4);
  CHECK(ben.link.disconnectedWith == std::nullopt);
}

TEST_CASE("a client moves only its own player: its inputs change nobody else") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  Client ben(rig.server, "ben");
  rig.ticks(1);
  const sim::Vec annaAt = rig.server.world().players[0]->position;
  const sim::Vec benAt = rig.server.world().players[1]->position;
  const sim::Tick first = rig.server.world().tick + 1;
  for (sim::Tick t = first; t < first + 20; ++t) anna.sendInput(t, runRight());
  rig.ticks(20);
  CHECK(rig.server.world().players[1]->position == benAt);
  CHECK(rig.server.world().players[0]->position != annaAt);
}

TEST_CASE("a dropped player keeps place and score for the grace, and the token gets them back") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  Client ben(rig.server, "ben");
  rig.ticks(1);
  const proto::ResumeToken token = anna.welcome->resumeToken;
  anna.link.close();
  rig.clock.advance(30s);
  rig.ticks(1);
  CHECK(rig.server.playerCount() == 2);  // still in the world, standing still

  FakeLink again(rig.server);
  proto::Hello hello;
  hello.name = "anna";
  hello.resume = token;
  again.toServer(proto::kControlChannel, proto::encodeControl(proto::ClientControl{hello}));
  const auto messages = again.takeControl();
  const auto* welcome = findMessage<proto::Welcome>(messages);
  REQUIRE(welcome);
  CHECK(welcome->player == anna.welcome->player);
  CHECK(welcome->resumeToken == token);
  CHECK(rig.server.stats().resumed == 1);
  CHECK(findMessage<proto::PlayerJoined>(messages) != nullptr);  // the players already in
  CHECK(rig.server.nameOf(welcome->player) == "anna");

  // Dropped again, and this time the grace runs out: the player leaves, ben hears of it.
  again.close();
  ben.link.takeControl();
  rig.clock.advance(60s);
  rig.ticks(1);
  CHECK(rig.server.playerCount() == 1);
  CHECK(rig.server.stats().expired == 1);
  const auto left = takeMessage<proto::PlayerLeft>(ben.link);
  REQUIRE(left);
  CHECK(left->player == welcome->player);

  // The token is void now: its Hello joins as a newcomer.
  FakeLink late(rig.server);
  late.toServer(proto::kControlChannel, proto::encodeControl(proto::ClientControl{hello}));
  CHECK(takeMessage<proto::Welcome>(late).has_value());
  CHECK(rig.server.stats().resumed == 1);
}

TEST_CASE("at the end of a match the next map of the rotation is played, and clients are told") {
  ArenaServerConfig config = smallConfig();
  config.maps = {sim::testing::shippedMap("dust"), sim::testing::shippedMap("cross")};
  config.sim.timeLimit = 1s;
  config.sim.resultsTime = 0s;
  config.bots = 2;
  ServerRig rig(config);
  rig.server.start();
  Client watcher(rig.server, "anna", true);
  rig.ticks(60);
  CHECK(rig.server.world().map->name() == "Cross");
  const auto changed = takeMessage<proto::MapChanged>(watcher.link);
  REQUIRE(changed);
  CHECK(changed->map->name() == "Cross");
  CHECK(rig.server.botCount() == 2);
}

TEST_CASE("the loop ticks on the scheduler's clock, and a stalled loop skips rather than bursts") {
  ServerRig rig;
  rig.server.start();
  rig.clock.advance(1s);
  CHECK(rig.server.world().tick == 50);
  rig.clock.spend(10s);  // a process stopped for ten seconds, its timers not run meanwhile
  rig.clock.runDue();
  CHECK(rig.server.world().tick == 50 + 1 + ArenaServer::kMaxCatchUpTicks);
  CHECK(rig.server.stats().ticksSkipped == 500 - 1 - ArenaServer::kMaxCatchUpTicks);
}

TEST_CASE("a bots-only match reruns bit for bit from the same seed") {
  const auto run = [] {
    ArenaServerConfig config = smallConfig();
    config.bots = 4;
    ServerRig rig(config);
    rig.server.start();
    std::vector<std::uint64_t> sums;
    for (int i = 0; i < 500; ++i) {
      rig.server.tick();
      sums.push_back(sim::checksum(rig.server.world()));
    }
    return sums;
  };
  CHECK(run() == run());
}

TEST_CASE("a resume while the old connection still looks open takes the player over from it") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  rig.ticks(1);
  FakeLink again(rig.server);  // anna's client came back before the server saw her link die
  proto::Hello hello;
  hello.name = "anna";
  hello.resume = anna.welcome->resumeToken;
  again.toServer(proto::kControlChannel, proto::encodeControl(proto::ClientControl{hello}));
  const auto welcome = takeMessage<proto::Welcome>(again);
  REQUIRE(welcome);
  CHECK(welcome->player == anna.welcome->player);
  CHECK(rig.server.playerCount() == 1);
  CHECK(anna.link.disconnectedWith == weft::net::ReasonCode::Kicked);
  CHECK(takeMessage<proto::Reject>(anna.link)->detail == "replaced by a newer connection");
  rig.ticks(2);
  CHECK(rig.server.playerCount() == 1);  // the old link's end took nobody with it
  CHECK_FALSE(again.takeSnapshots().empty());
}

TEST_CASE("a spectator's acks get it delta snapshots, and its inputs move nobody") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  Client watcher(rig.server, "ben", true);
  rig.ticks(2);
  REQUIRE(watcher.readSnapshots() == 1);
  sim::Input run;
  run.moveX = 127;
  watcher.sendInput(rig.server.world().tick + 1, run);
  rig.ticks(2);
  REQUIRE(watcher.readSnapshots() == 1);
  CHECK(watcher.latest->baseline == watcher.latest->state.tick - 2);
  CHECK(rig.server.stats().fullSnapshots == 3);  // anna never acks: both of hers; one of his
  CHECK(rig.server.stats().ignoredInputs == 1);
}

TEST_CASE("a player who quits with a goodbye leaves at once; one whose link dies is held") {
  ServerRig rig;
  Client anna(rig.server, "anna");
  Client ben(rig.server, "ben");
  anna.link.quit();
  CHECK(rig.server.playerCount() == 1);
  CHECK(takeMessage<proto::PlayerLeft>(ben.link).has_value());
  Client cy(rig.server, "cy");
  cy.link.close();
  CHECK(rig.server.playerCount() == 2);
}
