#include "game/sim/bot.h"

#include <doctest/doctest.h>

#include "game/sim/checksum.h"
#include "game/sim/pathfind.h"
#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {

struct MatchStats {
  Tick ticks = 0;  // from the match's start to its end
  MatchPhase phase = MatchPhase::Warmup;
  int topScore = 0;
  int kills = 0;
  int laserShots = 0;
  int laserHits = 0;
  int rockets = 0;
  std::uint64_t finalChecksum = 0;
};

// A bots-only match: `count` bots from warmup to the end of the match (or 6 minutes).
MatchStats botMatch(const char* mapName, int count, std::uint64_t seed) {
  World world = makeWorld(shippedMap(mapName), SimConfig{}, seed);
  std::vector<BotState> bots;
  for (int id = 0; id < count; ++id) {
    addPlayer(world, static_cast<PlayerId>(id));
    bots.emplace_back(seed * 100 + static_cast<std::uint64_t>(id));
  }
  MatchStats stats;
  Tick started = -1;
  for (int i = 0; i < 6 * 60 * 50 && world.match.phase != MatchPhase::Results; ++i) {
    TickInputs inputs{};
    for (int id = 0; id < count; ++id) {
      inputs[static_cast<std::size_t>(id)] =
          botInput(world, static_cast<PlayerId>(id), bots[static_cast<std::size_t>(id)]);
    }
    const Events events = step(world, inputs);
    if (started < 0 && world.match.phase == MatchPhase::Playing) started = world.tick;
    for (const Event& e : events) {
      if (std::holds_alternative<LaserFired>(e)) ++stats.laserShots;
      if (const auto* hit = std::get_if<PlayerHit>(&e)) {
        stats.laserHits += hit->weapon == Weapon::Laser ? 1 : 0;
      }
      stats.kills += std::holds_alternative<PlayerKilled>(e) ? 1 : 0;
    }
    stats.rockets = static_cast<int>(world.nextProjectileId) - 1;
  }
  stats.ticks = world.tick - started;
  stats.phase = world.match.phase;
  for (const auto& p : world.players) {
    if (p) stats.topScore = std::max(stats.topScore, p->score);
  }
  stats.finalChecksum = checksum(world);
  return stats;
}

}  // namespace

TEST_CASE("four bots play a match on each shipped map to the score limit within the time limit") {
  for (const char* map : {"dust", "cross"}) {
    for (std::uint64_t seed : {1, 2, 3}) {
      CAPTURE(map);
      CAPTURE(seed);
      const MatchStats stats = botMatch(map, 4, seed);
      MESSAGE(std::string(map) << " seed " << seed << ": " << stats.ticks / 50 << " s, "
                               << stats.kills << " kills, lasers " << stats.laserHits << "/"
                               << stats.laserShots << ", rockets " << stats.rockets);
      CHECK(stats.phase == MatchPhase::Results);
      CHECK(stats.topScore == 10);
      CHECK(stats.ticks < 5 * 60 * 50);
      // Not perfect shots (about half hit), nor hopeless ones.
      CHECK(stats.laserHits * 100 < stats.laserShots * 60);
      CHECK(stats.laserHits * 100 > stats.laserShots * 25);
      CHECK(stats.rockets > 0);  // they use the rocket too
    }
  }
}

TEST_CASE("a bots-only match replays exactly from the same seeds") {
  CHECK(botMatch("dust", 4, 9).finalChecksum == botMatch("dust", 4, 9).finalChecksum);
  CHECK(botMatch("dust", 4, 9).finalChecksum != botMatch("dust", 4, 10).finalChecksum);
}

TEST_CASE("a bot waits out its reaction time before its first shot, then shoots") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  place(world, 0, 2, 3);
  place(world, 1, 10, 3);
  BotState bot(4);
  Tick firstShot = -1;
  const Tick seen = world.tick;
  for (int i = 0; i < 50 && firstShot < 0; ++i) {
    const Input input = botInput(world, 0, bot);
    if (input.buttons != 0) firstShot = world.tick;
    CHECK(input.viewTick == world.tick);
    stepIdle(world, 1);
    place(world, 1, 10, 3);  // the target stands still
    place(world, 0, 2, 3);
  }
  REQUIRE(firstShot >= 0);
  CHECK(firstShot - seen >= 12);  // 250 ms at 50 Hz
  CHECK(firstShot - seen <= 23);  // 450 ms
}

TEST_CASE("a bot does not shoot at an enemy behind a wall, and walks toward it") {
  World world = worldWith(mapOf("##########\n"
                                "#S...#...#\n"
                                "#....#..S#\n"
                                "#....#...#\n"
                                "#........#\n"
                                "##########\n"),
                          2);
  place(world, 0, 2, 2);
  place(world, 1, 7, 2);
  BotState bot(5);
  const Coord startY = playerOf(world, 0).position.y;
  int blind = 0;
  for (int i = 0; i < 100; ++i) {
    const Input input = botInput(world, 0, bot);
    if (bot.target == kNoPlayer) {
      CHECK(input.buttons == 0);
      ++blind;
    }
    stepWith(world, 0, input);
    place(world, 1, 7, 2);
  }
  CHECK(blind >= 20);
  CHECK(playerOf(world, 0).position.y > startY + kUnitsPerTile);  // down, round the wall's end
}

TEST_CASE("a dead or absent bot asks for nothing") {
  World world = worldWith(mapOf(openRoom(20, 5)), 2);
  BotState bot(6);
  playerOf(world, 0).alive = false;
  CHECK(botInput(world, 0, bot) == Input{});
  CHECK(botInput(world, 9, bot) == Input{});
}

TEST_CASE("findPath finds a shortest way around walls, and none to a wall") {
  const auto map = mapOf(
      "#######\n"
      "#S.#..#\n"
      "#..#.S#\n"
      "#.....#\n"
      "#######\n");
  const std::vector<TilePos> path = findPath(*map, {1, 1}, {4, 1});
  REQUIRE(path.size() == 7);  // down 2, right 3, up 2
  CHECK(path.back() == TilePos{4, 1});
  TilePos at{1, 1};
  for (TilePos next : path) {
    CHECK(std::abs(next.x - at.x) + std::abs(next.y - at.y) == 1);
    CHECK_FALSE(map->isWall(next));
    at = next;
  }
  CHECK(findPath(*map, {1, 1}, {1, 1}).empty());
  CHECK(findPath(*map, {1, 1}, {3, 1}).empty());  // a wall
}
