// Movement: players accelerate toward their input, brake, and collide with walls and each other.
// Tests: tests/game/sim/movement_test.cpp
#pragma once

#include <cstdint>

#include "game/sim/config.h"
#include "game/sim/map.h"
#include "game/sim/vec.h"

namespace weft::game::sim {

struct World;

// The velocity after one tick of input (moveX, moveY in -127..127): a step toward the target
// velocity (the input scaled to maxSpeed, its length capped there, so a diagonal is no faster)
// of at most `acceleration`, or of at most `friction` toward rest when the input is zero.
// Never faster than maxSpeed.
Vec steer(Vec velocity, std::int8_t moveX, std::int8_t moveY, const Tuning& tuning);

// Moves a circle by `velocity`, in substeps of at most half its radius so it never passes
// through a wall, pushing it out of every wall it touches along the wall's normal: it slides
// along faces and rounds corners. The part of `velocity` into a wall is removed.
void moveCircle(const Map& map, Vec& position, Vec& velocity, Coord radius);

// Pushes a circle out of the walls it overlaps (a few passes, for concave corners); when
// `velocity` is given, its part into each wall is removed. True if it moved.
bool pushOutOfWalls(const Map& map, Vec& position, Vec* velocity, Coord radius);

// Pushes overlapping living players apart, half each along the line between their centres,
// pair by pair in id order (a deterministic, soft separation that settles over a few ticks),
// then out of the walls again.
void separatePlayers(World& world);

}  // namespace weft::game::sim
