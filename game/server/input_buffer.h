// InputBuffer: one player's inputs by the tick they are for, so the server steps each tick with
// the input its client meant for it even when packets arrive early, late, twice or out of order.
// Tests: tests/game/server/input_buffer_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "game/sim/input.h"
#include "game/sim/units.h"

namespace weft::game::server {

// A client stamps each input with the tick it is meant for, and sends it a little ahead of
// that tick (its lead), repeating the newest unacknowledged ones in every packet. This buffer
// holds them until their tick is stepped, which absorbs the link's jitter: an input that
// arrives up to `lead` late is still on time. The server then tells the client the last tick it
// applied (reconciliation) and how early that input arrived (the client tunes its lead).
//
// A tick with no input (lost in every packet that carried it, or never sent) repeats the last
// input applied, as Teeworlds and Quake 3 servers do: a held key stays held through a lost
// packet, and the client's own prediction of that tick is then usually still right.
class InputBuffer {
 public:
  // How far ahead of the current tick an input is taken: one second at 50 Hz. Anything further
  // is a client whose clock is wrong (or lying); it is counted and dropped, never buffered, so a
  // client cannot make the server hold inputs for a future it chose.
  static constexpr int kCapacity = 64;
  static constexpr sim::Tick kMaxAhead = kCapacity - 1;

  struct Counters {
    std::uint64_t accepted = 0;    // stored for a tick still to come
    std::uint64_t duplicates = 0;  // a tick already held (every repeat of an input lands here)
    std::uint64_t late = 0;        // for a tick already stepped
    std::uint64_t tooEarly = 0;    // more than kMaxAhead ticks ahead
    std::uint64_t missing = 0;     // ticks stepped with the previous input repeated
  };

  // `nextTick` is the first tick this buffer will be asked for: the tick after the world's
  // current one when the player joins.
  explicit InputBuffer(sim::Tick nextTick) : next_(nextTick) {}

  // An input for `tick`, as a packet carried it. The first copy of a tick wins; later copies
  // (the repeats) change nothing, so a client cannot rewrite an input the server may have
  // already shown others.
  void offer(sim::Tick tick, const sim::Input& input);

  // The input for `tick`, which must be the next one (ticks are taken in order, each once):
  // the client's own for that tick, or the last one applied again when it has none.
  sim::Input take(sim::Tick tick);

  // The newest tick whose input was the client's own (not a repeat), for the snapshot's
  // reconciliation ack; none before the first.
  std::optional<sim::Tick> lastOwnTick() const { return lastOwnTick_; }
  // How many ticks before it was needed the input of lastOwnTick() arrived: the client's
  // effective lead (0: just in time).
  sim::Tick lastOwnSlack() const { return lastOwnSlack_; }
  // The first tick not yet taken.
  sim::Tick nextTick() const { return next_; }
  const Counters& counters() const { return counters_; }

 private:
  struct Slot {
    sim::Tick tick = -1;  // -1: empty
    sim::Tick slack = 0;  // tick - next_ when it arrived: see lastOwnSlack()
    sim::Input input;
  };
  static std::size_t slotOf(sim::Tick tick) { return static_cast<std::size_t>(tick) % kCapacity; }

  std::array<Slot, kCapacity> slots_{};
  sim::Tick next_;
  sim::Input last_{};
  std::optional<sim::Tick> lastOwnTick_;
  sim::Tick lastOwnSlack_ = 0;
  Counters counters_;
};

}  // namespace weft::game::server
