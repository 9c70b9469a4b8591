// Snapshot: the part of a sim::World that travels, enough to draw it and to rebuild it exactly.
// Tests: tests/game/proto/snapshot_codec_test.cpp, tests/game/proto/match_codec_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "game/sim/config.h"
#include "game/sim/map.h"
#include "game/sim/world.h"

namespace weft::game::proto {

// Everything of a World but what the client has already (the map and the rules, from the
// Welcome or a MapChanged) and the position history (server-side, for lag compensation; a
// rebuilt world refills it as it steps). With the Rng's state and nextProjectileId, a world
// rebuilt from a snapshot and stepped with the server's inputs stays equal to the server's.
struct Snapshot {
  sim::Tick tick = 0;
  sim::MatchState match;
  std::array<std::optional<sim::Player>, sim::kMaxPlayers> players;
  std::vector<sim::Projectile> projectiles;  // in id order, every id below nextProjectileId
  std::uint32_t nextProjectileId = 1;
  std::uint64_t rngState = 0;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

Snapshot snapshotOf(const sim::World& world);

// A world in the snapshot's state on `map` under `config` (validated: a decoder checked it),
// with an empty position history. Stepped maxRewindTicks + 1 times with the server's inputs it
// equals the server's world, checksum and all; before that the history differs, which only
// matters to a laser shot that looks back in time (which the server decides anyway).
sim::World rebuildWorld(const Snapshot& snapshot, std::shared_ptr<const sim::Map> map,
                        const sim::SimConfig& config);

}  // namespace weft::game::proto
