#include "game/proto/input_codec.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "game/proto/limits.h"
#include "tests/game/proto/proto_support.h"

using namespace weft::game;
using namespace weft::game::proto;
using namespace weft::game::proto::testing;

namespace {

sim::Input held(sim::Tick tick) {
  sim::Input in;
  in.moveX = 127;
  in.moveY = -127;
  in.aimX = 3000;
  in.aimY = -200;
  in.buttons = sim::kFireLaser;
  in.viewTick = tick - 5;
  return in;
}

InputPacket steadyPacket(sim::Tick newest, int count) {
  InputPacket p;
  p.newestTick = newest;
  for (int i = 0; i < count; ++i) p.inputs.push_back(held(newest - (count - 1 - i)));
  p.ackedSnapshot = newest - 6;
  return p;
}

std::vector<InputPacket> everyPacket() {
  std::vector<InputPacket> packets;
  packets.push_back(steadyPacket(1000, 1));
  packets.push_back(steadyPacket(1000, kMaxInputsPerPacket));
  InputPacket first;  // tick 0, nothing received yet, the default Input (viewTick "now")
  first.newestTick = 0;
  first.inputs = {sim::Input{}};
  packets.push_back(first);
  InputPacket extremes;
  extremes.newestTick = std::numeric_limits<sim::Tick>::max();
  extremes.ackedSnapshot = std::numeric_limits<sim::Tick>::max() - 1;
  sim::Input a;
  a.moveX = -128;
  a.moveY = 127;
  a.aimX = std::numeric_limits<std::int16_t>::min();
  a.aimY = std::numeric_limits<std::int16_t>::max();
  a.buttons = 0xff;
  a.viewTick = std::numeric_limits<sim::Tick>::min();
  sim::Input b = a;
  b.aimX = std::numeric_limits<std::int16_t>::max();
  b.aimY = std::numeric_limits<std::int16_t>::min();
  b.viewTick = std::numeric_limits<sim::Tick>::max();
  extremes.inputs = {a, b, a};
  packets.push_back(extremes);
  InputPacket changing = steadyPacket(50, 4);
  changing.inputs[1].moveX = 0;
  changing.inputs[2].buttons = 0;
  changing.inputs[3].viewTick = 40;
  packets.push_back(changing);
  return packets;
}

}  // namespace

TEST_CASE(
    "input packets round-trip: one input and eight, extremes of every field, ticks 0 and max") {
  for (const InputPacket& packet : everyPacket()) {
    CAPTURE(packet.newestTick);
    const std::string bytes = encodeInputPacket(packet);
    auto decoded = decodeInputPacket(bytes);
    REQUIRE_MESSAGE(decoded.ok(), decoded.error().message);
    CHECK(*decoded == packet);
    CHECK(bytes.size() <= kMaxClientMessageBytes);
  }
}

TEST_CASE("every truncation of an input packet is an error, and so is a byte more") {
  for (const InputPacket& packet : everyPacket()) {
    CAPTURE(packet.newestTick);
    checkPrefixesAndTrailingFail(encodeInputPacket(packet), decodeInputPacket);
  }
}

TEST_CASE("a held key costs one byte a tick: each input is coded against the one before") {
  const std::string one = encodeInputPacket(steadyPacket(1000, 1));
  const std::string eight = encodeInputPacket(steadyPacket(1000, 8));
  CHECK(eight.size() == one.size() + 7);
  CHECK(one.size() == 13);  // 4 of header; mask, moves, aims of 2 bytes each, buttons, lag
}

TEST_CASE("inputTick numbers the inputs back from the newest") {
  const InputPacket p = steadyPacket(1000, 3);
  CHECK(inputTick(p, 0) == 998);
  CHECK(inputTick(p, 2) == 1000);
}

TEST_CASE(
    "counts out of range, ticks before 0, unknown bits and unchanged fields marked are errors") {
  struct Case {
    std::string bytes;
    const char* names;
  };
  const Case cases[] = {
      {std::string("\x0a\x00\x00", 3), "count"},                   // no input
      {std::string("\x0a\x09\x00", 3), "count"},                   // nine
      {std::string("\x02\x04\x00\x00\x00\x00\x00", 7), "tick 0"},  // four inputs up to tick 2
      {std::string("\x0a\x01\x00\x40", 4), "unknown bits"},
      {std::string("\x0a\x01\x00\x01\x00", 5), "did not change"},             // moveX 0 again
      {std::string("\x0a\x01\x00\x04\x00", 5), "did not change"},             // aimX + 0
      {std::string("\x0a\x01\x00\x04\x82\x80\x04", 7), "aimX"},               // aimX 32769
      {std::string("\x0a\x01\x18\x00", 4), "ackedSnapshot"},                  // 12 back from 10: -2
      {std::string("\x0a\x01\xff\xff\xff\xff\x0f\x00", 8), "ackedSnapshot"},  // past 2^31
  };
  for (const Case& c : cases) {
    CAPTURE(c.names);
    auto decoded = decodeInputPacket(c.bytes);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().message.find(c.names) != std::string::npos);
  }
}

TEST_CASE("a view lag kept from the input before must still give a viewTick that fits 32 bits") {
  // Tick 2^31 - 2 with viewTick one later (lag -1), then tick 2^31 - 1 keeping that lag: 2^31.
  const std::string bytes("\xff\xff\xff\xff\x07\x02\x00\x20\x01\x00", 10);
  auto decoded = decodeInputPacket(bytes);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.error().message.find("viewTick") != std::string::npos);
  // One tick earlier it fits, and round-trips.
  const std::string fits("\xfe\xff\xff\xff\x07\x02\x00\x20\x01\x00", 10);
  auto ok = decodeInputPacket(fits);
  REQUIRE_MESSAGE(ok.ok(), ok.error().message);
  CHECK(ok->inputs[1].viewTick == std::numeric_limits<sim::Tick>::max());
  CHECK(encodeInputPacket(*ok) == fits);
}

TEST_CASE("WIRE.md's example packet, byte for byte") {
  InputPacket p;
  p.newestTick = 1000;
  p.ackedSnapshot = 994;
  sim::Input in = held(1000);
  p.inputs = {in};
  CHECK(encodeInputPacket(p) ==
        std::string("\xe8\x07\x01\x0c\x3f\x7f\x81\xf0\x2e\x8f\x03\x01\x0a", 13));
}
