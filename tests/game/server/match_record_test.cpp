// Match records: a server's whole match (bots, a human who comes and goes, map changes) written
// as it plays, read back and replayed through the simulation to every checksum it holds.

#include "game/proto/match_record.h"

#include <doctest/doctest.h>

#include "game/sim/checksum.h"
#include "tests/game/server/server_support.h"

using namespace weft::game;
using namespace weft::game::server;
using namespace weft::game::server::testing;

namespace {

// A 4-bot match with rotating maps, and anna joining, moving, leaving with no grace.
std::string recordedMatch(std::uint64_t* finalChecksum = nullptr, sim::Tick* finalTick = nullptr) {
  ArenaServerConfig config = smallConfig(6);
  config.maps = {sim::testing::shippedMap("dust"), sim::testing::shippedMap("cross")};
  config.bots = 4;
  config.sim.timeLimit = std::chrono::seconds(4);
  config.sim.resultsTime = std::chrono::seconds(1);
  config.resumeGrace = std::chrono::seconds(0);
  std::string bytes;
  ServerRig rig(config);
  rig.server.record([&](std::string_view frame) { bytes += frame; });
  rig.server.start();
  rig.ticks(100);
  {
    Client anna(rig.server, "anna");
    sim::Input input;
    input.moveX = 127;
    input.buttons = sim::kFireLaser;
    for (int i = 0; i < 150; ++i) {
      input.aimY = static_cast<std::int16_t>(i % 7 - 3);
      anna.sendInput(rig.server.world().tick + 1, input);
      rig.ticks(1);
    }
  }  // anna's link closes: she leaves
  rig.ticks(300);
  if (finalChecksum) *finalChecksum = sim::checksum(rig.server.world());
  if (finalTick) *finalTick = rig.server.world().tick;
  return bytes;
}

}  // namespace

TEST_CASE("a recorded match replays to every checksum, through joins, leaves and map changes") {
  std::uint64_t finalChecksum = 0;
  sim::Tick finalTick = 0;
  const std::string bytes = recordedMatch(&finalChecksum, &finalTick);
  auto record = proto::readRecord(bytes);
  REQUIRE(record.ok());
  CHECK_FALSE(record->truncated);
  CHECK(record->header.serverName == "weft arena");
  CHECK(record->header.map->name() == "Dust");
  const auto count = [&](auto tag) {
    return std::count_if(record->ops.begin(), record->ops.end(), [](const proto::RecordOp& op) {
      return std::holds_alternative<decltype(tag)>(op);
    });
  };
  CHECK(count(proto::RecordJoin{}) == 5);
  CHECK(count(proto::RecordLeave{}) == 1);
  CHECK(count(proto::RecordMap{}) >= 2);  // a 4 s match, 1 s of results: over 550 ticks
  CHECK(count(proto::RecordStep{}) == finalTick);

  const proto::ReplayResult replayed = proto::replay(*record);
  CHECK(replayed.ticks == finalTick);
  CHECK_FALSE(replayed.mismatchAt);
  CHECK(replayed.checksumsMatched == static_cast<std::size_t>(finalTick / 50));
  // And the recording is about 50 ticks a second of changed inputs: kilobytes, not megabytes.
  MESSAGE("record: " << bytes.size() << " bytes for " << finalTick << " ticks");
  CHECK(bytes.size() < static_cast<std::size_t>(finalTick) * 100);
  (void)finalChecksum;
}

TEST_CASE("a record that differs from the match is caught at the first checksum after it") {
  auto record = proto::readRecord(recordedMatch());
  REQUIRE(record.ok());
  // Change one bot's input at step 120: the replay drifts from what the server checksummed.
  int steps = 0;
  for (proto::RecordOp& op : record->ops) {
    auto* step = std::get_if<proto::RecordStep>(&op);
    if (!step || ++steps != 120) continue;
    sim::Input odd;
    odd.moveY = -127;
    step->changed.emplace_back(0, odd);
  }
  const proto::ReplayResult replayed = proto::replay(*record);
  REQUIRE(replayed.mismatchAt);
  CHECK(*replayed.mismatchAt == 150);
  CHECK(replayed.checksumsMatched == 2);
}

TEST_CASE("a record cut short keeps what is whole; garbage is refused with a reason") {
  const std::string bytes = recordedMatch();
  auto whole = proto::readRecord(bytes);
  REQUIRE(whole.ok());
  auto cut = proto::readRecord(std::string_view(bytes).substr(0, bytes.size() - 3));
  REQUIRE(cut.ok());
  CHECK(cut->truncated);
  CHECK(cut->ops.size() == whole->ops.size() - 1);
  CHECK_FALSE(proto::replay(*cut).mismatchAt);

  CHECK(proto::readRecord("not a record").error().message.find("not an arena match record") == 0);
  CHECK_FALSE(proto::readRecord(bytes.substr(0, 12)).ok());  // the header cut short
  std::string bad = bytes;
  bad[bad.size() - 1] ^= 0x5A;  // the last frame is tick 550's checksum: now a wrong one
  auto tampered = proto::readRecord(bad);
  REQUIRE(tampered.ok());
  CHECK(proto::replay(*tampered).mismatchAt == 550);
}
