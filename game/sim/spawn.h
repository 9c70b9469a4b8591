// Spawning: where a player comes back (the free spawn point farthest from its enemies) and how.
// Tests: tests/game/sim/spawn_test.cpp
#pragma once

#include "game/sim/events.h"
#include "game/sim/map.h"
#include "game/sim/units.h"

namespace weft::game::sim {

struct World;

// The spawn point for `id`: among the free ones (no living player within two radii of it), or
// all of them when none is free, the one whose nearest living enemy is farthest. Ties (every
// spawn, when nobody else is alive) are drawn with the world's Rng, so spawns vary but replay.
TilePos chooseSpawn(World& world, PlayerId id);

// Brings `id` back at chooseSpawn's point with full health, at rest, both weapons ready.
void spawnPlayer(World& world, PlayerId id, Events& events);

}  // namespace weft::game::sim
