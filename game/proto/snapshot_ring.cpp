#include "game/proto/snapshot_ring.h"

#include "net/core/assert.h"

namespace weft::game::proto {

SnapshotRing::SnapshotRing(std::size_t capacity) : slots_(capacity) {
  WEFT_ASSERT(capacity > 0, "SnapshotRing: a capacity of at least 1");
}

void SnapshotRing::put(Snapshot snapshot) {
  for (std::size_t i = 0; i < count_; ++i) {
    if (slots_[i].tick == snapshot.tick) {
      slots_[i] = std::move(snapshot);
      return;
    }
  }
  slots_[next_] = std::move(snapshot);
  next_ = (next_ + 1) % slots_.size();
  if (count_ < slots_.size()) ++count_;
}

const Snapshot* SnapshotRing::find(sim::Tick tick) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (slots_[i].tick == tick) return &slots_[i];
  }
  return nullptr;
}

const Snapshot* SnapshotRing::newest() const {
  const Snapshot* best = nullptr;
  for (std::size_t i = 0; i < count_; ++i) {
    if (!best || slots_[i].tick > best->tick) best = &slots_[i];
  }
  return best;
}

void SnapshotRing::clear() {
  next_ = 0;
  count_ = 0;
}

}  // namespace weft::game::proto
