// The snapshot fuzzer's baseline: a small match stepped to a fixed tick, the same on every run,
// so that seed files coded against it (corpus/arena_snapshot) stay valid deltas.
#pragma once

#include <memory>

#include "game/proto/snapshot.h"
#include "game/sim/bot.h"
#include "game/sim/map_parser.h"
#include "game/sim/step.h"

namespace weft::fuzz {

inline constexpr const char* kArenaFuzzMap =
    "map \"Fuzz\"\n"
    "####################\n"
    "#S........#.......S#\n"
    "#..####...#...##...#\n"
    "#.........~........#\n"
    "#S...##.......##..S#\n"
    "#......#....#......#\n"
    "#..S.........~...S.#\n"
    "####################\n";

struct ArenaFuzzMatch {
  std::shared_ptr<const game::sim::Map> map;
  game::proto::Snapshot baseline;  // at tick kBaselineTick
  game::proto::Snapshot later;     // 4 ticks on, for the seeds' deltas
};

inline constexpr int kArenaFuzzPlayers = 6;
inline constexpr game::sim::Tick kBaselineTick = 600;

// Six bots on kArenaFuzzMap, stepped until tick kBaselineTick (with rockets in the air by then).
inline const ArenaFuzzMatch& arenaFuzzMatch() {
  static const ArenaFuzzMatch match = [] {
    using namespace game::sim;
    ArenaFuzzMatch m;
    m.map = std::make_shared<const Map>(std::move(*parseMap(kArenaFuzzMap)));
    World world = makeWorld(m.map, SimConfig{}, 42);
    std::vector<BotState> bots;
    for (int id = 0; id < kArenaFuzzPlayers; ++id) {
      addPlayer(world, static_cast<PlayerId>(id));
      bots.emplace_back(static_cast<std::uint64_t>(id) + 1);
    }
    auto run = [&](Tick until) {
      while (world.tick < until) {
        TickInputs inputs{};
        for (int id = 0; id < kArenaFuzzPlayers; ++id) {
          const auto i = static_cast<std::size_t>(id);
          inputs[i] = botInput(world, static_cast<PlayerId>(id), bots[i]);
        }
        (void)step(world, inputs);
      }
    };
    run(kBaselineTick);
    m.baseline = game::proto::snapshotOf(world);
    run(kBaselineTick + 4);
    m.later = game::proto::snapshotOf(world);
    return m;
  }();
  return match;
}

}  // namespace weft::fuzz
