// Snapshots on the wire: delta-coded field by field against a baseline the client acknowledged.
// Tests: tests/game/proto/snapshot_codec_test.cpp, tests/game/proto/match_codec_test.cpp,
// tests/fuzz/arena_snapshot_fuzz.cpp
#pragma once

#include <string>
#include <string_view>

#include "game/proto/input_codec.h"
#include "game/proto/snapshot.h"
#include "game/proto/snapshot_ring.h"
#include "game/sim/expected.h"

namespace weft::game::proto {

inline constexpr sim::Tick kNoInput = -1;

// One client's snapshot as it decoded: the world's state, the baseline it was coded against,
// and the newest of this client's inputs the server had applied by then (reconciliation: the
// client replays its own inputs after that one on top of `state`).
struct ReceivedSnapshot {
  Snapshot state;
  sim::Tick baseline = kNoSnapshot;       // kNoSnapshot: a full snapshot
  sim::Tick appliedInputTick = kNoInput;  // kNoInput: none yet (a spectator never has one)
  friend bool operator==(const ReceivedSnapshot&, const ReceivedSnapshot&) = default;
};

struct SnapshotError {
  // The baseline it names is not in the ring: not garbage, just too old for this client (or a
  // snapshot of before a map change). The client acks kNoSnapshot and gets a full one next.
  bool unknownBaseline = false;
  std::string message;  // "Snapshot: players[3].health is out of range ..."
};
using SnapshotResult = sim::Expected<ReceivedSnapshot, SnapshotError>;

// `state` against `baseline` (a snapshot of an earlier tick both sides keep; nullptr for a
// full one), for a client whose newest applied input is `appliedInputTick`. Steady motion
// costs nothing: a position is coded against baseline + velocity × ticks. Asserts what it
// writes is in the wire's ranges (limits.h), which a World the simulation stepped always is.
std::string encodeSnapshot(const Snapshot& state, const Snapshot* baseline,
                           sim::Tick appliedInputTick);
// Finds the baseline in `ring` (a client's, of what it decoded before). Total: anything that
// encodeSnapshot would not write for some state and baseline is an error naming the field.
SnapshotResult decodeSnapshot(std::string_view bytes, const SnapshotRing& ring);

}  // namespace weft::game::proto
