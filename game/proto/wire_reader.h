// WireReader: net::ByteReader plus the first error in words ("Welcome: name is 40 bytes ...").
// Tests: tests/game/proto/control_codec_test.cpp, tests/game/proto/input_codec_test.cpp
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "game/sim/units.h"
#include "net/core/byte_reader.h"
#include "net/core/result.h"

namespace weft::game::proto::detail {

// Every decoder reads straight through one of these and checks once at the end: the first
// failure (a read past the end, a malformed varint, a value out of range) is kept with the
// field it happened at (reads after it may go on, harmlessly: every count they loop over is
// bounded). Never asserts on what it reads.
class WireReader {
 public:
  WireReader(std::string_view bytes, std::string_view message) : r_(bytes), message_(message) {}

  std::uint8_t u8(std::string_view field) { return check(r_.u8(), field); }
  std::uint16_t u16(std::string_view field) { return check(r_.u16(), field); }
  std::uint32_t u32(std::string_view field) { return check(r_.u32(), field); }
  std::uint64_t u64(std::string_view field) { return check(r_.u64(), field); }
  std::uint64_t varint(std::string_view field) { return check(r_.varint(), field); }
  std::int64_t svarint(std::string_view field) { return check(r_.svarint(), field); }
  std::string_view bytes(std::size_t count, std::string_view field) {
    return check(r_.bytes(count), field);
  }
  // A varint in [0, max].
  std::uint64_t count(std::string_view field, std::uint64_t max);
  // A varint in [0, INT32_MAX]: a tick, or anything else that is never negative.
  sim::Tick tick(std::string_view field) {
    return static_cast<sim::Tick>(count(field, std::numeric_limits<sim::Tick>::max()));
  }
  // `base + svarint`, which must land in [low, high].
  std::int64_t offset(std::string_view field, std::int64_t base, std::int64_t low,
                      std::int64_t high);
  std::int32_t int32(std::string_view field, std::int64_t base = 0) {
    return static_cast<std::int32_t>(offset(field, base, std::numeric_limits<std::int32_t>::min(),
                                            std::numeric_limits<std::int32_t>::max()));
  }
  // A player id below kMaxPlayers, or kNoPlayer too when `noneAllowed`.
  sim::PlayerId player(std::string_view field, bool noneAllowed = false);
  // A u8-length string of at most `maxBytes`.
  std::string_view shortString(std::string_view field, std::size_t maxBytes);
  // A varint-length string of at most `maxBytes`.
  std::string_view longString(std::string_view field, std::size_t maxBytes);

  // Records `problem` at `field` unless an earlier failure is already kept.
  void fail(std::string_view field, std::string_view problem);
  bool ok() const { return error_.empty(); }
  // The result's error: "Welcome: ..." (the first failure), or trailing bytes named as such.
  net::Error finish();
  // True when nothing failed and every byte was read; else finish() says why.
  bool done();

 private:
  template <typename T>
  T check(T value, std::string_view field) {
    if (!r_.ok()) fail(field, "ends early (or holds a malformed varint)");
    return value;
  }

  net::ByteReader r_;
  std::string_view message_;
  std::string error_;
};

}  // namespace weft::game::proto::detail
