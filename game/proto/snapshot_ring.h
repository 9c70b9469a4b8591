// SnapshotRing: the last few snapshots by tick, the baselines deltas are coded against.
// Tests: tests/game/proto/snapshot_codec_test.cpp
#pragma once

#include <cstddef>
#include <vector>

#include "game/proto/snapshot.h"

namespace weft::game::proto {

// The server keeps one ring of the snapshots it sent (the world's state is the same for every
// client; only the baseline each one acked differs), the client one of those it decoded. With
// the default 32 and snapshots at 25 Hz a baseline may be 1.28 s old; a client whose acks stop
// arriving for longer gets a full snapshot (the server has no baseline), and one whose acked
// baseline it has dropped itself answers the error by acking kNoSnapshot.
class SnapshotRing {
 public:
  static constexpr std::size_t kDefaultCapacity = 32;
  explicit SnapshotRing(std::size_t capacity = kDefaultCapacity);

  // Keeps `snapshot`, dropping the oldest when full. A snapshot of a tick already kept
  // replaces it; ticks need not come in order (the oldest by arrival goes first).
  void put(Snapshot snapshot);
  // The snapshot of `tick`, or nullptr when it was never kept or has been dropped.
  const Snapshot* find(sim::Tick tick) const;
  // The one of the highest tick, or nullptr when empty.
  const Snapshot* newest() const;
  void clear();

  std::size_t size() const { return count_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  std::vector<Snapshot> slots_;
  std::size_t next_ = 0;   // where put() writes
  std::size_t count_ = 0;  // how many slots hold a snapshot
};

}  // namespace weft::game::proto
