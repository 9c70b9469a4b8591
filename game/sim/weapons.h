// Weapons: the lag-compensated laser, rockets in flight, and damage, death and scoring.
// Tests: tests/game/sim/weapons_test.cpp, tests/game/sim/lag_compensation_test.cpp
#pragma once

#include <cstdint>

#include "game/sim/events.h"
#include "game/sim/input.h"
#include "game/sim/units.h"

namespace weft::game::sim {

struct World;

// Every living player whose input holds a trigger and whose weapon is ready fires it this tick
// (the laser wins when both are held), and the weapon's next ready tick moves a cooldown on.
// All shots are decided before any damage is dealt, so two players who shoot each other in the
// same tick both hit: lower ids have no edge.
// A laser tests the others where the shooter saw them: at clamp(viewTick, now - maxRewind, now)
// in the world's PositionHistory (and only if they were alive then, and are now). A rocket
// starts at the shooter's centre (it never hits its owner directly) and first moves next tick.
void fireWeapons(World& world, const TickInputs& inputs, Events& events);

// Moves every rocket one tick along its velocity. It explodes at the first player it touches
// (that player takes rocketDamage), at the first wall, or where it is when its lifetime ends;
// the blast's splash hurts every other living player in sight within its radius, its owner too.
void advanceRockets(World& world, Events& events);

// `amount` of damage to a living `victim`; at 0 health it dies: it respawns respawnTicks later,
// and `attacker` scores a kill unless it is the victim (a suicide scores nothing).
void damagePlayer(World& world, PlayerId victim, PlayerId attacker, Weapon weapon,
                  std::int32_t amount, Events& events);

}  // namespace weft::game::sim
