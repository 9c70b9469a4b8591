// InputPacket: a client's newest inputs (each coded against the one before) and its snapshot ack.
// Tests: tests/game/proto/input_codec_test.cpp, tests/fuzz/arena_input_fuzz.cpp
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "game/proto/limits.h"
#include "game/sim/input.h"
#include "game/sim/units.h"
#include "net/core/result.h"

namespace weft::game::proto {

inline constexpr sim::Tick kNoSnapshot = -1;

// Sent on kInputChannel once a tick. `inputs` ends with the input for `newestTick` (the tick
// it is meant for: the world's tick after the step that applies it, its sequence number) and
// goes back one tick per entry: inputs[i] is for newestTick - (size - 1 - i). A client repeats
// every input the server has not yet applied (a snapshot's appliedInputTick says which it
// has), up to kMaxInputsPerPacket, oldest first.
struct InputPacket {
  sim::Tick newestTick = 0;
  std::vector<sim::Input> inputs;  // 1..kMaxInputsPerPacket, and no more than newestTick + 1
  // The newest snapshot the client decoded, the baseline the server may code the next one
  // against; kNoSnapshot when it has none it can use (at the start, after a map change, after
  // a snapshot whose baseline it no longer had): the server then sends a full one.
  sim::Tick ackedSnapshot = kNoSnapshot;
  friend bool operator==(const InputPacket&, const InputPacket&) = default;
};

// The tick inputs[i] is meant for.
inline sim::Tick inputTick(const InputPacket& packet, std::size_t i) {
  return packet.newestTick - static_cast<sim::Tick>(packet.inputs.size() - 1 - i);
}

// Asserts the packet's shape (counts, ticks); any Input's values are fine (the simulation
// clamps them). The decoder takes exactly what this writes and names anything else.
std::string encodeInputPacket(const InputPacket& packet);
net::Result<InputPacket> decodeInputPacket(std::string_view bytes);

}  // namespace weft::game::proto
