#include "game/proto/snapshot_codec.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "game/proto/limits.h"
#include "game/proto/snapshot_ring.h"
#include "game/sim/bot.h"
#include "game/sim/checksum.h"
#include "tests/game/proto/proto_support.h"

using namespace weft::game;
using namespace weft::game::proto;
using namespace weft::game::proto::testing;

namespace {

// A world of `players` bots on dust after `ticks` steps: players moving, some dead, rockets.
struct BotWorld {
  explicit BotWorld(int players, std::uint64_t seed = 7)
      : world(sim::makeWorld(sim::testing::shippedMap("dust"), sim::SimConfig{}, seed)) {
    for (int id = 0; id < players; ++id) {
      sim::addPlayer(world, static_cast<sim::PlayerId>(id));
      bots.emplace_back(seed * 100 + static_cast<std::uint64_t>(id));
    }
  }
  sim::TickInputs inputs() {
    sim::TickInputs in{};
    for (std::size_t id = 0; id < bots.size(); ++id) {
      in[id] = sim::botInput(world, static_cast<sim::PlayerId>(id), bots[id]);
    }
    return in;
  }
  void run(int ticks) {
    for (int i = 0; i < ticks; ++i) (void)sim::step(world, inputs());
  }
  sim::World world;
  std::vector<sim::BotState> bots;
};

SnapshotResult decodeWith(const std::string& bytes, const Snapshot* baseline) {
  SnapshotRing ring;
  if (baseline) ring.put(*baseline);
  return decodeSnapshot(bytes, ring);
}

Snapshot withRockets(BotWorld& bots) {
  // Run until rockets fly, so their section is exercised.
  for (int i = 0; i < 3000 && bots.world.projectiles.size() < 2; ++i) bots.run(1);
  REQUIRE(bots.world.projectiles.size() >= 2);
  return snapshotOf(bots.world);
}

}  // namespace

TEST_CASE("a full snapshot round-trips every field of every player and rocket") {
  BotWorld bots(8);
  const Snapshot state = withRockets(bots);
  const std::string bytes = encodeSnapshot(state, nullptr, state.tick - 3);
  const SnapshotResult decoded = decodeWith(bytes, nullptr);
  REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
  CHECK(decoded->state == state);
  CHECK(decoded->baseline == kNoSnapshot);
  CHECK(decoded->appliedInputTick == state.tick - 3);
}

TEST_CASE("a delta against an older snapshot round-trips, with players and rockets come and gone") {
  BotWorld bots(8);
  const Snapshot base = withRockets(bots);
  sim::removePlayer(bots.world, 2);  // its rockets go too
  bots.run(7);
  sim::addPlayer(bots.world, 12);
  bots.run(10);
  const Snapshot state = snapshotOf(bots.world);
  const std::string bytes = encodeSnapshot(state, &base, kNoInput);
  const SnapshotResult decoded = decodeWith(bytes, &base);
  REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
  CHECK(decoded->state == state);
  CHECK(decoded->baseline == base.tick);
  CHECK(decoded->appliedInputTick == kNoInput);
  CHECK(bytes.size() < encodeSnapshot(state, nullptr, kNoInput).size());
}

TEST_CASE(
    "steady motion and an idle world cost nothing: a position is coded against its velocity") {
  sim::World world = sim::testing::worldWith(sim::testing::shippedMap("dust"), 3);
  Snapshot base = snapshotOf(world);
  Snapshot later = base;
  later.tick = base.tick + 4;
  for (auto& slot : later.players) {
    if (!slot) continue;
    slot->velocity = {40, -25};
  }
  base.players = later.players;
  for (auto& slot : later.players) {
    if (slot) slot->position = slot->position + sim::Vec{4 * 40, 4 * -25};
  }
  // Header (tick, age, applied input), globals, presence, changed players, three rocket counts.
  const std::string bytes = encodeSnapshot(later, &base, kNoInput);
  CHECK(bytes.size() == 1 + 1 + 1 + 1 + 1 + 1 + 3);
  const SnapshotResult decoded = decodeWith(bytes, &base);
  REQUIRE(decoded.ok());
  CHECK(decoded->state == later);
}

TEST_CASE("every truncation of a full and of a delta snapshot is an error, and so is a byte more") {
  BotWorld bots(4);
  const Snapshot base = withRockets(bots);
  bots.run(2);
  const Snapshot state = snapshotOf(bots.world);
  const std::string full = encodeSnapshot(state, nullptr, state.tick);
  const std::string delta = encodeSnapshot(state, &base, state.tick - 1);
  auto againstNothing = [](std::string_view b) { return decodeWith(std::string(b), nullptr); };
  auto againstBase = [&base](std::string_view b) { return decodeWith(std::string(b), &base); };
  checkPrefixesAndTrailingFail(full, againstNothing);
  checkPrefixesAndTrailingFail(delta, againstBase);
}

TEST_CASE("a baseline the ring does not hold is its own error, which is not garbage") {
  BotWorld bots(4);
  bots.run(10);
  const Snapshot base = snapshotOf(bots.world);
  bots.run(2);
  const Snapshot state = snapshotOf(bots.world);
  const std::string bytes = encodeSnapshot(state, &base, kNoInput);
  SnapshotRing ring;
  const SnapshotResult missing = decodeSnapshot(bytes, ring);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().unknownBaseline);
  CHECK(missing.error().message.find(std::to_string(base.tick)) != std::string::npos);
  // Garbage is not an unknown baseline.
  const SnapshotResult garbage = decodeSnapshot(std::string("\x05\x00\x00\x10", 4), ring);
  REQUIRE_FALSE(garbage.ok());
  CHECK_FALSE(garbage.error().unknownBaseline);
}

TEST_CASE("positions, velocities, ids and counts out of range are errors") {
  const SnapshotRing empty;
  struct Case {
    std::string bytes;
    const char* names;
  };
  // tick 5, full, no input; globals 0; one player appears (id 0) and changed...
  const std::string head("\x05\x00\x06\x00", 4);
  const Case cases[] = {
      {head + std::string("\x01\x01\x04\x80\x80\x08\x00\x00\x00", 9), "position"},  // x 65536
      {head + std::string("\x01\x01\x01\x80\x80\x04\x00\x00\x00", 9), "velocity"},  // 32768
      {head + std::string("\x00\x01\x00\x00\x00", 5), "not there"},
      {head + std::string("\x01\x01\x00\x00\x00\x00", 6), "empty"},
      {head + std::string("\x01\x01\x80\x40\x00\x00\x00", 7), "player mask"},  // bit 13
      {head + std::string("\x00\x00\x01\x00\x00", 5), "removed rockets"},      // none to remove
      {head + std::string("\x00\x00\x00\x00\x01\x00\x40\x00\x00\x00\x00\x00\x00", 13),
       "rocket owner"},
      {head + std::string("\x00\x00\x00\x00\x88\x08", 6), "new rockets"},  // 1032
      {std::string("\x05\x06\x00\x00", 4), "baseline age"},
      {std::string("\x05\x00\x07\x00", 4), "applied input"},
      {std::string("\x05\x00\x00\x10", 4), "globals mask"},
      {std::string("\x05\x00\x00\x01\x04", 5), "phase"},
      {std::string("\x05\x00\x00\x01\x00", 5), "phase"},  // marked, not changed
  };
  for (const Case& c : cases) {
    CAPTURE(c.names);
    const SnapshotResult decoded = decodeSnapshot(c.bytes, empty);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.find(c.names) != std::string::npos);
  }
}

TEST_CASE("a rebuilt world steps to the server's checksum once its history has refilled") {
  BotWorld bots(16, 11);
  bots.run(400);
  const Snapshot state = snapshotOf(bots.world);
  sim::World copy = rebuildWorld(state, bots.world.map.pointer(), sim::SimConfig{});
  std::vector<sim::BotState> copyBots = bots.bots;
  CHECK(copy.players == bots.world.players);
  for (int i = 0; i <= copy.tuning.maxRewindTicks + 5; ++i) {
    sim::TickInputs inputs{};
    sim::TickInputs copyInputs{};
    for (std::size_t id = 0; id < bots.bots.size(); ++id) {
      inputs[id] = sim::botInput(bots.world, static_cast<sim::PlayerId>(id), bots.bots[id]);
      copyInputs[id] = sim::botInput(copy, static_cast<sim::PlayerId>(id), copyBots[id]);
    }
    CHECK(copyInputs == inputs);
    (void)sim::step(bots.world, inputs);
    (void)sim::step(copy, copyInputs);
    CHECK(snapshotOf(copy) == snapshotOf(bots.world));
  }
  CHECK(sim::checksum(copy) == sim::checksum(bots.world));
}

TEST_CASE("the ring finds by tick, replaces a tick it has, drops the oldest put when full") {
  SnapshotRing ring(3);
  CHECK(ring.newest() == nullptr);
  for (sim::Tick t : {10, 12, 14}) {
    Snapshot s;
    s.tick = t;
    ring.put(s);
  }
  CHECK(ring.size() == 3);
  REQUIRE(ring.find(12) != nullptr);
  CHECK(ring.find(12)->tick == 12);
  CHECK(ring.find(11) == nullptr);
  Snapshot again;
  again.tick = 12;
  again.rngState = 99;
  ring.put(again);
  CHECK(ring.size() == 3);
  CHECK(ring.find(12)->rngState == 99);
  Snapshot s16;
  s16.tick = 16;
  ring.put(s16);
  CHECK(ring.find(10) == nullptr);
  CHECK(ring.find(14) != nullptr);
  CHECK(ring.newest()->tick == 16);
  Snapshot late;  // out of order: kept, and the oldest by arrival (12) goes next
  late.tick = 11;
  ring.put(late);
  CHECK(ring.find(11) != nullptr);
  CHECK(ring.find(12) == nullptr);
  CHECK(ring.newest()->tick == 16);
  ring.clear();
  CHECK(ring.size() == 0);
  CHECK(ring.find(16) == nullptr);
}

TEST_CASE(
    "64 players and the most rockets a snapshot holds, at the ends of their ranges, round-trip") {
  Snapshot big;
  big.tick = std::numeric_limits<sim::Tick>::max();
  big.match = {sim::MatchPhase::NextMap, std::numeric_limits<sim::Tick>::min()};
  big.nextProjectileId = UINT32_MAX;
  big.rngState = UINT64_MAX;
  for (int id = 0; id < sim::kMaxPlayers; ++id) {
    sim::Player p;
    p.id = static_cast<sim::PlayerId>(id);
    p.alive = id % 2 == 0;
    p.position = {id % 3 == 0 ? kMaxPosition : kMinPosition, kMaxPosition};
    p.velocity = {id % 2 ? kMaxSpeed : -kMaxSpeed, -kMaxSpeed};
    p.aimX = std::numeric_limits<std::int16_t>::min();
    p.aimY = std::numeric_limits<std::int16_t>::max();
    p.health = std::numeric_limits<std::int32_t>::min();
    p.respawnTick = std::numeric_limits<std::int32_t>::max();
    p.laserReadyTick = p.rocketReadyTick = std::numeric_limits<std::int32_t>::min();
    p.score = p.deaths = std::numeric_limits<std::int32_t>::max();
    big.players[static_cast<std::size_t>(id)] = p;
  }
  for (std::size_t i = 0; i < kMaxProjectiles; ++i) {
    sim::Projectile r;
    r.id = static_cast<std::uint32_t>(UINT32_MAX - kMaxProjectiles + i);
    r.owner = static_cast<sim::PlayerId>(i % sim::kMaxPlayers);
    r.position = {i % 2 ? kMaxPosition : kMinPosition, kMinPosition};
    r.velocity = {kMaxSpeed, -kMaxSpeed};
    r.explodeTick = std::numeric_limits<std::int32_t>::min();
    big.projectiles.push_back(r);
  }
  const std::string full = encodeSnapshot(big, nullptr, kNoInput);
  CHECK(full.size() <= kMaxServerMessageBytes);
  const SnapshotResult decoded = decodeWith(full, nullptr);
  REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
  CHECK(decoded->state == big);
  // And as a delta from a snapshot of tick 0 with nothing alike.
  Snapshot base;
  base.players[5] = sim::Player{};
  base.players[5]->id = 5;
  base.projectiles.push_back(sim::Projectile{3, 1, {100, 100}, {kMaxSpeed, kMaxSpeed}, 10});
  const std::string delta = encodeSnapshot(big, &base, big.tick);
  CHECK(delta.size() <= kMaxServerMessageBytes);
  const SnapshotResult again = decodeWith(delta, &base);
  REQUIRE_MESSAGE(again.ok(), again.error().message);
  CHECK(again->state == big);
}
