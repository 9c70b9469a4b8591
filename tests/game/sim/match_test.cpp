#include <doctest/doctest.h>

#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;
using namespace std::chrono_literals;

namespace {

// `killer` kills `victim` this step with one laser shot.
Events killOnce(World& world, PlayerId killer, PlayerId victim) {
  place(world, killer, 2, 3);
  place(world, victim, 8, 3);
  playerOf(world, victim).health = 1;
  playerOf(world, killer).laserReadyTick = 0;
  Input shot;
  shot.buttons = kFireLaser;
  shot.aimX = 1;
  return stepWith(world, killer, shot);
}

std::vector<MatchPhase> phasesIn(const Events& events) {
  std::vector<MatchPhase> phases;
  for (const Event& e : events) {
    if (const auto* p = std::get_if<PhaseChanged>(&e)) phases.push_back(p->phase);
  }
  return phases;
}

}  // namespace

TEST_CASE("one player warms up alone; the second starts the match, which respawns everyone") {
  World world = worldWith(mapOf(openRoom(20, 5)), 1);
  CHECK(world.match.phase == MatchPhase::Warmup);
  stepIdle(world, 100);
  CHECK(world.match.phase == MatchPhase::Warmup);
  playerOf(world, 0).score = 3;  // what warmup scored does not count

  addPlayer(world, 1);
  const Events events = stepIdle(world, 1);
  CHECK(phasesIn(events) == std::vector<MatchPhase>{MatchPhase::Playing});
  CHECK(world.match.phaseStartTick == world.tick);
  CHECK(countOf<PlayerSpawned>(events) == 2);
  CHECK(playerOf(world, 0).score == 0);
  CHECK(playerOf(world, 1).alive);
}

TEST_CASE("the score limit ends the match, 10 s of results freeze everyone, then the next map") {
  SimConfig config;
  config.scoreLimit = 2;
  World world = worldWith(mapOf(openRoom(20, 5)), 2, config);
  REQUIRE(world.match.phase == MatchPhase::Playing);
  killOnce(world, 0, 1);
  CHECK(world.match.phase == MatchPhase::Playing);
  stepIdle(world, world.tuning.respawnTicks);
  const Events second = killOnce(world, 0, 1);
  CHECK(phasesIn(second) == std::vector<MatchPhase>{MatchPhase::Results});
  CHECK(playerOf(world, 0).score == 2);
  CHECK(world.projectiles.empty());

  // Frozen: nobody moves, fires or respawns.
  const Vec where = playerOf(world, 0).position;
  Input run;
  run.moveX = 127;
  run.buttons = kFireLaser | kFireRocket;
  for (Tick i = 1; i < world.tuning.resultsTicks; ++i) {
    const Events events = stepWith(world, 0, run);
    CHECK(events.empty());
  }
  CHECK(playerOf(world, 0).position == where);
  CHECK_FALSE(playerOf(world, 1).alive);
  CHECK(world.match.phase == MatchPhase::Results);

  CHECK(phasesIn(stepIdle(world, 1)) == std::vector<MatchPhase>{MatchPhase::NextMap});
  CHECK(stepIdle(world, 50).empty());  // it waits for the server to change the map
  CHECK(world.match.phase == MatchPhase::NextMap);
}

TEST_CASE("resetForNextMap keeps the players, zeroes scores, and the next match starts at once") {
  SimConfig config;
  config.scoreLimit = 1;
  World world = worldWith(mapOf(openRoom(20, 5)), 2, config);
  killOnce(world, 1, 0);
  stepIdle(world, world.tuning.resultsTicks);
  REQUIRE(world.match.phase == MatchPhase::NextMap);

  const auto next = mapOf(openRoom(12, 12));
  resetForNextMap(world, next);
  CHECK(world.map.pointer() == next);
  CHECK(world.match.phase == MatchPhase::Warmup);
  CHECK(playerCount(world) == 2);
  CHECK(playerOf(world, 1).score == 0);
  CHECK(playerOf(world, 0).deaths == 0);
  const Events events = stepIdle(world, 1);
  CHECK(phasesIn(events) == std::vector<MatchPhase>{MatchPhase::Playing});
  CHECK(countOf<PlayerSpawned>(events) == 2);
}

TEST_CASE("the time limit ends a match that the score limit did not") {
  SimConfig config;
  config.timeLimit = 2s;
  World world = worldWith(mapOf(openRoom(20, 5)), 2, config);
  const Tick started = world.match.phaseStartTick;
  stepIdle(world, 99);
  CHECK(world.match.phase == MatchPhase::Playing);
  CHECK(phasesIn(stepIdle(world, 1)) == std::vector<MatchPhase>{MatchPhase::Results});
  CHECK(world.tick == started + 100);
}

TEST_CASE("a match left with one player goes back to warmup") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  removePlayer(world, 1);
  CHECK(phasesIn(stepIdle(world, 1)) == std::vector<MatchPhase>{MatchPhase::Warmup});
}

TEST_CASE("a player who joins during the match spawns on the next step with no score") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  killOnce(world, 0, 1);
  addPlayer(world, 7);
  const Events events = stepIdle(world, 1);
  REQUIRE(countOf<PlayerSpawned>(events) == 1);
  CHECK(firstOf<PlayerSpawned>(events)->player == 7);
  CHECK(playerOf(world, 7).score == 0);
  CHECK(playerOf(world, 0).score == 1);
  CHECK(phasesIn(events).empty());
}
