// Helpers for the simulation's tests: worlds on small inline maps or the shipped ones, players
// placed by hand, steps with one player's input.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "game/sim/map_parser.h"
#include "game/sim/step.h"
#include "game/sim/world.h"

namespace weft::game::sim::testing {

// A map from its rows alone (the header is added).
inline std::shared_ptr<const Map> mapOf(std::string_view rows) {
  MapResult parsed = parseMap("map \"Test\"\n" + std::string(rows));
  if (!parsed) FAIL("test map does not parse: " << parsed.error().toString());
  return std::make_shared<const Map>(std::move(*parsed));
}

inline std::shared_ptr<const Map> shippedMap(std::string_view name) {
  const std::string path =
      std::string(WEFT_SOURCE_DIR) + "/assets/maps/" + std::string(name) + ".txt";
  MapResult loaded = loadMapFile(path);
  if (!loaded) FAIL(loaded.error().toString());
  return std::make_shared<const Map>(std::move(*loaded));
}

// A world with players 0..count-1, stepped once so that they have spawned (with two or more,
// that first step also started the match).
inline World worldWith(std::shared_ptr<const Map> map, int count, const SimConfig& config = {},
                       std::uint64_t seed = 1) {
  World world = makeWorld(std::move(map), config, seed);
  for (int id = 0; id < count; ++id) addPlayer(world, static_cast<PlayerId>(id));
  (void)step(world, TickInputs{});
  return world;
}

inline Player& playerOf(World& world, PlayerId id) {
  Player* p = findPlayer(world, id);
  REQUIRE(p != nullptr);
  return *p;
}

// Puts a living player at the centre of tile (x, y), at rest.
inline void place(World& world, PlayerId id, int x, int y) {
  Player& p = playerOf(world, id);
  p.position = centreOf({x, y});
  p.velocity = {};
}

inline Events stepWith(World& world, PlayerId id, const Input& input) {
  TickInputs inputs{};
  inputs[id] = input;
  return step(world, inputs);
}

inline Events stepIdle(World& world, int ticks) {
  Events all;
  for (int i = 0; i < ticks; ++i) {
    Events events = step(world, TickInputs{});
    all.insert(all.end(), events.begin(), events.end());
  }
  return all;
}

template <typename E>
int countOf(const Events& events) {
  int n = 0;
  for (const Event& e : events) n += std::holds_alternative<E>(e) ? 1 : 0;
  return n;
}

template <typename E>
const E* firstOf(const Events& events) {
  for (const Event& e : events) {
    if (const E* found = std::get_if<E>(&e)) return found;
  }
  return nullptr;
}

// An open room of floor, width x height inside a wall border, with spawns in two corners.
inline std::string openRoom(int width, int height) {
  std::string rows = std::string(static_cast<std::size_t>(width + 2), '#') + "\n";
  for (int y = 0; y < height; ++y) {
    std::string row(static_cast<std::size_t>(width), '.');
    if (y == 0) row.front() = 'S';
    if (y == height - 1) row.back() = 'S';
    rows += "#" + row + "#\n";
  }
  return rows + std::string(static_cast<std::size_t>(width + 2), '#') + "\n";
}

}  // namespace weft::game::sim::testing
