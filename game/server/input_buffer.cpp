#include "game/server/input_buffer.h"

#include "net/core/assert.h"

namespace weft::game::server {

void InputBuffer::offer(sim::Tick tick, const sim::Input& input) {
  if (tick < next_) {
    ++counters_.late;
    return;
  }
  if (tick - next_ > kMaxAhead) {
    ++counters_.tooEarly;
    return;
  }
  Slot& slot = slots_[slotOf(tick)];
  if (slot.tick == tick) {
    ++counters_.duplicates;
    return;
  }
  // Every slot holds a tick in [next_, next_ + kMaxAhead], one slot per tick: whatever else is
  // here is an old tick already taken.
  slot = {tick, tick - next_, input};
  ++counters_.accepted;
}

sim::Input InputBuffer::take(sim::Tick tick) {
  WEFT_ASSERT(tick == next_, "InputBuffer::take: ticks are taken in order, each once");
  ++next_;
  Slot& slot = slots_[slotOf(tick)];
  if (slot.tick != tick) {
    ++counters_.missing;
    return last_;
  }
  slot.tick = -1;
  last_ = slot.input;
  lastOwnTick_ = tick;
  lastOwnSlack_ = slot.slack;
  return last_;
}

}  // namespace weft::game::server
