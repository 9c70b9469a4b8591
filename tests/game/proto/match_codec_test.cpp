// A whole bots-only match through the snapshot codec, as a server and its clients would run it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "game/proto/snapshot_codec.h"
#include "game/proto/snapshot_ring.h"
#include "game/sim/bot.h"
#include "game/sim/checksum.h"
#include "tests/game/proto/proto_support.h"

using namespace weft::game;
using namespace weft::game::proto;

namespace {

constexpr int kPlayers = 16;
constexpr int kTicks = 3000;
constexpr int kTicksPerSnapshot = 2;  // 25 Hz at the default 50 Hz tick
// Baselines from 1 to 31 snapshots old (31: the oldest a ring of 32 still holds once the
// newest is in), and a full one.
constexpr int kAges[] = {0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 31};

}  // namespace

TEST_CASE("a 16-bot match decodes equal to the server's state against every baseline age") {
  auto dust = sim::testing::shippedMap("dust");
  auto cross = sim::testing::shippedMap("cross");
  // A low score limit, so that the match ends and the next map's snapshots are coded against
  // the last map's baselines, as a server's first snapshots after a map change are.
  sim::SimConfig config;
  config.scoreLimit = 4;
  config.resultsTime = std::chrono::seconds(2);
  sim::World world = sim::makeWorld(dust, config, 2024);
  std::vector<sim::BotState> bots;
  for (int id = 0; id < kPlayers; ++id) {
    sim::addPlayer(world, static_cast<sim::PlayerId>(id));
    bots.emplace_back(5000 + static_cast<std::uint64_t>(id));
  }

  SnapshotRing serverRing;
  // One client per baseline age, each with the ring of what it decoded.
  std::vector<SnapshotRing> clientRings(std::size(kAges));
  std::vector<std::size_t> bytesPerAge(std::size(kAges), 0);
  std::vector<int> counted(std::size(kAges), 0);
  int snapshots = 0;
  int mapChanges = 0;
  int rebuildsChecked = 0;
  // A world rebuilt from a decoded snapshot, stepped beside the server's with the same inputs.
  std::optional<sim::World> rebuilt;
  int rebuiltSteps = 0;

  for (int t = 0; t < kTicks; ++t) {
    sim::TickInputs inputs{};
    for (int id = 0; id < kPlayers; ++id) {
      const auto i = static_cast<std::size_t>(id);
      inputs[i] = sim::botInput(world, static_cast<sim::PlayerId>(id), bots[i]);
    }
    (void)sim::step(world, inputs);
    if (rebuilt) {
      (void)sim::step(*rebuilt, inputs);
      if (++rebuiltSteps == world.tuning.maxRewindTicks + 1) {
        CHECK(sim::checksum(*rebuilt) == sim::checksum(world));
        ++rebuildsChecked;
        rebuilt.reset();
      }
    }
    if (world.match.phase == sim::MatchPhase::NextMap) {
      sim::resetForNextMap(world, world.map->name() == dust->name() ? cross : dust);
      ++mapChanges;
    }
    if (world.tick % kTicksPerSnapshot != 0) continue;

    const Snapshot state = snapshotOf(world);
    serverRing.put(state);
    ++snapshots;
    for (std::size_t a = 0; a < std::size(kAges); ++a) {
      const int age = kAges[a];
      const Snapshot* baseline =
          age == 0 ? nullptr : serverRing.find(state.tick - age * kTicksPerSnapshot);
      // The match's first snapshots have no baseline that old yet: full ones, as a server sends.
      const sim::Tick applied = state.tick - 1 - static_cast<sim::Tick>(a % 3);
      const std::string bytes = encodeSnapshot(state, baseline, applied);
      if (age == 0 || baseline) {
        bytesPerAge[a] += bytes.size();
        ++counted[a];
      }
      const SnapshotResult decoded = decodeSnapshot(bytes, clientRings[a]);
      REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
      REQUIRE(decoded->state == state);
      CHECK(decoded->appliedInputTick == applied);
      CHECK(decoded->baseline == (baseline ? baseline->tick : kNoSnapshot));
      clientRings[a].put(decoded->state);
      if (a == 1 && !rebuilt && world.tick % 250 == 0) {
        rebuilt = rebuildWorld(decoded->state, world.map.pointer(), config);
        rebuiltSteps = 0;
      }
    }
  }
  CHECK(snapshots == kTicks / kTicksPerSnapshot);
  CHECK(rebuildsChecked >= 10);
  CHECK(mapChanges >= 1);
  MESSAGE("map changes: " << mapChanges << ", rebuilt worlds checked: " << rebuildsChecked);
  for (std::size_t a = 0; a < std::size(kAges); ++a) {
    MESSAGE("age " << kAges[a] << ": mean " << static_cast<double>(bytesPerAge[a]) / snapshots
                   << " bytes per snapshot");
  }
  // Deltas pay: against the last snapshot, less than a third of a full one.
  CHECK(bytesPerAge[1] * 3 / static_cast<std::size_t>(counted[1]) <
        bytesPerAge[0] / static_cast<std::size_t>(counted[0]));
}

TEST_CASE("a client whose baseline has left its ring gets an error it answers by acking nothing") {
  sim::World world = sim::testing::worldWith(sim::testing::shippedMap("dust"), 4);
  SnapshotRing serverRing;
  SnapshotRing clientRing(4);  // smaller than the server's: the case this test is about
  std::optional<Snapshot> acked;
  int unknown = 0;
  for (int t = 0; t < 40; ++t) {
    (void)sim::step(world, sim::TickInputs{});
    const Snapshot state = snapshotOf(world);
    serverRing.put(state);
    // The client's first ack reaches the server; every later one is lost.
    const std::string bytes = encodeSnapshot(state, acked ? &*acked : nullptr, kNoInput);
    const SnapshotResult decoded = decodeSnapshot(bytes, clientRing);
    if (!decoded.ok()) {
      REQUIRE(decoded.error().unknownBaseline);
      ++unknown;
      acked.reset();  // the client acks kNoSnapshot: the next one is full
      continue;
    }
    CHECK(decoded->state == state);
    clientRing.put(decoded->state);
    if (!acked) acked = state;
  }
  CHECK(unknown >= 1);
}
