#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "game/sim/checksum.h"
#include "tests/game/sim/sim_support.h"

using namespace weft::game::sim;
using namespace weft::game::sim::testing;

namespace {

// Random but seeded inputs for every player slot, and now and then a player who leaves or joins.
class Chaos {
 public:
  explicit Chaos(std::uint64_t seed) : rng_(seed) {}

  void changePlayers(World& world) {
    if (!rng_.chance(1, 200)) return;
    const auto id = static_cast<PlayerId>(rng_.below(12));
    if (findPlayer(world, id)) {
      removePlayer(world, id);
    } else {
      addPlayer(world, id);
    }
  }

  TickInputs inputs(const World& world) {
    TickInputs inputs{};
    for (Input& input : inputs) {
      input.moveX = static_cast<std::int8_t>(rng_.between(-128, 127));
      input.moveY = static_cast<std::int8_t>(rng_.between(-128, 127));
      input.aimX = static_cast<std::int16_t>(rng_.between(-32768, 32767));
      input.aimY = static_cast<std::int16_t>(rng_.between(-32768, 32767));
      input.buttons = static_cast<std::uint8_t>(rng_.below(4));
      input.viewTick = world.tick + 1 - rng_.between(0, 15);
    }
    return inputs;
  }

 private:
  Rng rng_;
};

World startWorld(const char* map, std::uint64_t seed, int players) {
  World world = makeWorld(shippedMap(map), SimConfig{}, seed);
  for (int id = 0; id < players; ++id) addPlayer(world, static_cast<PlayerId>(id));
  return world;
}

}  // namespace

TEST_CASE("two worlds stepped with the same seeded inputs agree at every tick") {
  for (const char* map : {"dust", "cross"}) {
    CAPTURE(map);
    World a = startWorld(map, 99, 8);
    World b = startWorld(map, 99, 8);
    Chaos chaosA(7);
    Chaos chaosB(7);
    int kills = 0;
    for (int tick = 0; tick < 5000; ++tick) {
      chaosA.changePlayers(a);
      chaosB.changePlayers(b);
      const Events ea = step(a, chaosA.inputs(a));
      const Events eb = step(b, chaosB.inputs(b));
      REQUIRE(checksum(a) == checksum(b));
      REQUIRE(ea == eb);
      kills += countOf<PlayerKilled>(ea);
    }
    CHECK(a == b);
    CHECK(kills > 10);  // the inputs did something: people died
  }
}

TEST_CASE("a copy of the world replaying the same inputs gets the same state: client prediction") {
  World server = startWorld("dust", 5, 6);
  Chaos chaos(11);
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 97; ++i) step(server, chaos.inputs(server));
    // The client copies the world from a snapshot and replays the inputs since.
    World client = server;
    std::vector<TickInputs> sent;
    for (int i = 0; i < 12; ++i) sent.push_back(chaos.inputs(server));
    for (const TickInputs& inputs : sent) step(server, inputs);
    for (const TickInputs& inputs : sent) step(client, inputs);
    REQUIRE(client == server);
    REQUIRE(checksum(client) == checksum(server));
  }
}

TEST_CASE("the world's checksum after a fixed match is the same in every build, on every machine") {
  // Changes only when the rules change on purpose: then this number is updated, and every
  // recorded match replayed against the old rules is known to be stale.
  World world = startWorld("cross", 2024, 10);
  Chaos chaos(3);
  for (int tick = 0; tick < 3000; ++tick) {
    chaos.changePlayers(world);
    step(world, chaos.inputs(world));
  }
  CHECK(checksum(world) == 0xEA7B1BF9A27089A1ull);
}

TEST_CASE("different seeds give different worlds: the Rng is really used") {
  World a = startWorld("dust", 1, 4);
  World b = startWorld("dust", 2, 4);
  stepIdle(a, 5);
  stepIdle(b, 5);
  CHECK(checksum(a) != checksum(b));
}

TEST_CASE("32 players, and 64, step without anyone ending inside a wall or another player") {
  for (int players : {32, 64}) {
    CAPTURE(players);
    World world = startWorld("dust", 8, players);
    Chaos chaos(21);
    for (int tick = 0; tick < 1500; ++tick) {
      step(world, chaos.inputs(world));
      for (const auto& p : world.players) {
        if (!p || !p->alive) continue;
        Vec position = p->position;
        REQUIRE_FALSE(world.map->isWallAt(position));
        REQUIRE(position.x >= 0);
        REQUIRE(position.x < 65536);
        REQUIRE(position.y >= 0);
        REQUIRE(position.y < 65536);
        REQUIRE(p->health > 0);
        REQUIRE(p->health <= 100);
        REQUIRE(lengthSquared(p->velocity) <= 123 * 123);
      }
    }
    CHECK(playerCount(world) == players);
  }
}

TEST_CASE("the simulation's sources use no floating point and no libm") {
  const std::regex forbidden(
      R"(\b(float|double|long double)\b|<cmath>|<math\.h>|\bstd::(sqrt|sin|cos|atan2|pow|floor|ceil|round|lround)\b)");
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(WEFT_SOURCE_DIR) + "/game/sim")) {
    const auto extension = entry.path().extension();
    if (extension != ".h" && extension != ".cpp") continue;
    std::ifstream in(entry.path());
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      const std::string code = line.substr(0, line.find("//"));  // comments may say "float"
      CHECK_MESSAGE(!std::regex_search(code, forbidden), entry.path().filename().string()
                                                             << ":" << number << ": " << line);
    }
    ++files;
  }
  CHECK(files > 20);
}
