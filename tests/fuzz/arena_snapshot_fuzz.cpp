// Fuzzes the snapshot decoder against a ring holding one baseline (arena_baseline.h): random
// bytes must never crash it, whatever is accepted must encode back to exactly those bytes
// against the same baseline, and a world rebuilt from it must step without crashing (a client
// predicts on whatever a server sent).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "game/proto/snapshot_codec.h"
#include "game/proto/snapshot_ring.h"
#include "game/sim/step.h"
#include "tests/fuzz/arena_baseline.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;
namespace proto = weft::game::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const weft::fuzz::ArenaFuzzMatch& match = weft::fuzz::arenaFuzzMatch();
  static const proto::SnapshotRing ring = [&match] {
    proto::SnapshotRing r;
    r.put(match.baseline);
    return r;
  }();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const proto::SnapshotResult decoded = proto::decodeSnapshot(bytes, ring);
  if (!decoded) {
    require(!decoded.error().message.empty());
    return 0;
  }
  const proto::Snapshot* baseline = ring.find(decoded->baseline);
  require((decoded->baseline == proto::kNoSnapshot) == (baseline == nullptr));
  require(proto::encodeSnapshot(decoded->state, baseline, decoded->appliedInputTick) == bytes);
  weft::game::sim::World world =
      proto::rebuildWorld(decoded->state, match.map, weft::game::sim::SimConfig{});
  (void)weft::game::sim::step(world, weft::game::sim::TickInputs{});
  return 0;
}
