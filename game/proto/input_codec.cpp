#include "game/proto/input_codec.h"

#include <cstdint>
#include <limits>

#include "game/proto/wire_reader.h"
#include "net/core/assert.h"
#include "net/core/byte_reader.h"

namespace weft::game::proto {
namespace {

// Which fields of an input differ from the one before (bit set: its value follows).
enum : std::uint8_t {
  kMoveX = 1 << 0,
  kMoveY = 1 << 1,
  kAimX = 1 << 2,
  kAimY = 1 << 3,
  kButtons = 1 << 4,
  kViewLag = 1 << 5,
  kAllFields = (1 << 6) - 1,
};

// How far back an input's viewTick is from its own tick: what stays the same from one input
// to the next (a client's interpolation delay), where viewTick itself moves every tick.
std::int64_t viewLag(const sim::Input& input, sim::Tick tick) {
  return std::int64_t{tick} - input.viewTick;
}

}  // namespace

std::string encodeInputPacket(const InputPacket& p) {
  const auto count = static_cast<sim::Tick>(p.inputs.size());
  WEFT_ASSERT(count >= 1 && count <= kMaxInputsPerPacket,
              "encodeInputPacket: 1..kMaxInputsPerPacket inputs");
  WEFT_ASSERT(p.newestTick >= count - 1, "encodeInputPacket: no input for a tick before 0");
  WEFT_ASSERT(p.ackedSnapshot >= kNoSnapshot, "encodeInputPacket: ack a tick or kNoSnapshot");
  net::ByteWriter w;
  w.varint(static_cast<std::uint64_t>(p.newestTick)).u8(static_cast<std::uint8_t>(count));
  w.svarint(std::int64_t{p.newestTick} - p.ackedSnapshot);  // a few ticks back: one byte
  sim::Input previous;
  std::int64_t previousLag = 0;
  for (std::size_t i = 0; i < p.inputs.size(); ++i) {
    const sim::Input& in = p.inputs[i];
    const std::int64_t lag = viewLag(in, inputTick(p, i));
    const std::uint8_t mask = static_cast<std::uint8_t>(
        (in.moveX != previous.moveX ? kMoveX : 0) | (in.moveY != previous.moveY ? kMoveY : 0) |
        (in.aimX != previous.aimX ? kAimX : 0) | (in.aimY != previous.aimY ? kAimY : 0) |
        (in.buttons != previous.buttons ? kButtons : 0) | (lag != previousLag ? kViewLag : 0));
    w.u8(mask);
    if (mask & kMoveX) w.u8(static_cast<std::uint8_t>(in.moveX));
    if (mask & kMoveY) w.u8(static_cast<std::uint8_t>(in.moveY));
    if (mask & kAimX) w.svarint(in.aimX - previous.aimX);
    if (mask & kAimY) w.svarint(in.aimY - previous.aimY);
    if (mask & kButtons) w.u8(in.buttons);
    if (mask & kViewLag) w.svarint(lag - previousLag);
    previous = in;
    previousLag = lag;
  }
  return w.take();
}

net::Result<InputPacket> decodeInputPacket(std::string_view bytes) {
  detail::WireReader r(bytes, "InputPacket");
  InputPacket p;
  p.newestTick = r.tick("newestTick");
  const std::uint8_t count = r.u8("count");
  if (r.ok() && (count < 1 || count > kMaxInputsPerPacket)) {
    r.fail("count", "is not 1..8");
  } else if (r.ok() && count > std::int64_t{p.newestTick} + 1) {
    r.fail("count", "reaches back before tick 0");
  }
  p.ackedSnapshot = static_cast<sim::Tick>(
      -r.offset("ackedSnapshot", -std::int64_t{p.newestTick}, -std::int64_t{INT32_MAX}, 1));
  sim::Input previous;
  std::int64_t previousLag = 0;
  constexpr std::int64_t kMinAim = std::numeric_limits<std::int16_t>::min();
  constexpr std::int64_t kMaxAim = std::numeric_limits<std::int16_t>::max();
  for (int i = 0; i < count && r.ok(); ++i) {
    const sim::Tick tick = p.newestTick - (count - 1 - i);
    const std::uint8_t mask = r.u8("input mask");
    if (mask & ~kAllFields) r.fail("input mask", "has unknown bits set");
    sim::Input in = previous;
    if (mask & kMoveX) in.moveX = static_cast<std::int8_t>(r.u8("moveX"));
    if (mask & kMoveY) in.moveY = static_cast<std::int8_t>(r.u8("moveY"));
    if (mask & kAimX)
      in.aimX = static_cast<std::int16_t>(r.offset("aimX", previous.aimX, kMinAim, kMaxAim));
    if (mask & kAimY)
      in.aimY = static_cast<std::int16_t>(r.offset("aimY", previous.aimY, kMinAim, kMaxAim));
    if (mask & kButtons) in.buttons = r.u8("buttons");
    // The lag a viewTick of this tick may have: kept from the input before, it must still fit.
    const std::int64_t minLag = std::int64_t{tick} - std::numeric_limits<sim::Tick>::max();
    const std::int64_t maxLag = std::int64_t{tick} - std::numeric_limits<sim::Tick>::min();
    std::int64_t lag = previousLag;
    if (mask & kViewLag) {
      lag = r.offset("viewTick", previousLag, minLag, maxLag);
    } else if (lag < minLag || lag > maxLag) {
      r.fail("viewTick", "kept from the input before is out of range at this tick");
    }
    in.viewTick = static_cast<sim::Tick>(tick - lag);
    // A field marked as changed must have changed: one encoding per packet.
    const bool same = ((mask & kMoveX) && in.moveX == previous.moveX) ||
                      ((mask & kMoveY) && in.moveY == previous.moveY) ||
                      ((mask & kAimX) && in.aimX == previous.aimX) ||
                      ((mask & kAimY) && in.aimY == previous.aimY) ||
                      ((mask & kButtons) && in.buttons == previous.buttons) ||
                      ((mask & kViewLag) && lag == previousLag);
    if (same && r.ok()) r.fail("input mask", "marks a field that did not change");
    p.inputs.push_back(in);
    previous = in;
    previousLag = lag;
  }
  if (!r.done()) return r.finish();
  return p;
}

}  // namespace weft::game::proto
