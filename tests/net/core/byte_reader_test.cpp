#include "net/core/byte_reader.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

using weft::net::ByteReader;
using weft::net::ByteWriter;

TEST_CASE("what ByteWriter writes, ByteReader reads back, big-endian") {
  ByteWriter w;
  w.u8(0xab).u16(0x1234).u32(0xdeadbeef).u64(0x0102030405060708).shortString("weft").bytes("xy");
  CHECK(w.data().substr(0, 3) == std::string("\xab\x12\x34", 3));
  ByteReader r(w.data());
  CHECK(r.u8() == 0xab);
  CHECK(r.u16() == 0x1234);
  CHECK(r.u32() == 0xdeadbeef);
  CHECK(r.u64() == 0x0102030405060708);
  CHECK(r.shortString() == "weft");
  CHECK(r.rest() == "xy");
  CHECK(r.atEnd());
}

TEST_CASE("a read past the end fails for good, and later reads return nothing") {
  ByteReader r(
      std::string_view("\x00\x05"
                       "abc",
                       5));
  CHECK(r.u16() == 5);
  CHECK(r.bytes(5).empty());  // only 3 left
  CHECK_FALSE(r.ok());
  CHECK(r.u8() == 0);
  CHECK(r.remaining() == 0);
  CHECK_FALSE(r.atEnd());
}

TEST_CASE("a short string longer than allowed is an error, not a long read") {
  ByteWriter w;
  w.shortString("twelve bytes");
  ByteReader r(w.data());
  CHECK(r.shortString(5).empty());
  CHECK_FALSE(r.ok());
}

TEST_CASE("varints: 7 bits a byte, low group first, every width from 1 to 10 bytes") {
  const std::pair<std::uint64_t, std::string> cases[] = {
      {0, std::string(1, '\0')},
      {1, "\x01"},
      {127, "\x7f"},
      {128, "\x80\x01"},
      {300, "\xac\x02"},
      {16383, "\xff\x7f"},
      {16384, "\x80\x80\x01"},
      {UINT64_MAX, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"},
  };
  for (const auto& testCase : cases) {  // no structured binding: clang 14 cannot capture one
    const std::uint64_t value = testCase.first;
    const std::string& bytes = testCase.second;
    CAPTURE(value);
    ByteWriter w;
    w.varint(value);
    CHECK(w.data() == bytes);
    ByteReader r(w.data());
    CHECK(r.varint() == value);
    CHECK(r.atEnd());
  }
  for (int bits = 0; bits < 64; ++bits) {
    const std::uint64_t value = std::uint64_t{1} << bits;
    ByteWriter w;
    w.varint(value).varint(value - 1);
    CHECK(w.data().size() == static_cast<std::size_t>(bits / 7 + 1) +
                                 static_cast<std::size_t>(bits == 0 ? 1 : (bits - 1) / 7 + 1));
    ByteReader r(w.data());
    CHECK(r.varint() == value);
    CHECK(r.varint() == value - 1);
    CHECK(r.atEnd());
  }
}

TEST_CASE("a varint that is truncated, overlong or past 64 bits is an error") {
  for (std::string_view bad : {std::string_view("\x80", 1), std::string_view("\xff\xff", 2),
                               std::string_view("\x80\x00", 2), std::string_view("\xff\x80\x00", 3),
                               std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10),
                               std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x81\x00", 11),
                               std::string_view("", 0)}) {
    CAPTURE(bad.size());
    ByteReader r(bad);
    CHECK(r.varint() == 0);
    CHECK_FALSE(r.ok());
    CHECK(r.u8() == 0);  // sticky, as for every other read
  }
}

TEST_CASE("zigzag varints keep small magnitudes of either sign short") {
  using weft::net::zigzagDecode;
  using weft::net::zigzagEncode;
  CHECK(zigzagEncode(0) == 0);
  CHECK(zigzagEncode(-1) == 1);
  CHECK(zigzagEncode(1) == 2);
  CHECK(zigzagEncode(-64) == 127);
  CHECK(zigzagEncode(INT64_MAX) == UINT64_MAX - 1);
  CHECK(zigzagEncode(INT64_MIN) == UINT64_MAX);
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{63}, std::int64_t{-64},
                         std::int64_t{64}, std::int64_t{-65}, INT64_MAX, INT64_MIN}) {
    CAPTURE(v);
    CHECK(zigzagDecode(zigzagEncode(v)) == v);
    ByteWriter w;
    w.svarint(v);
    if (v >= -64 && v <= 63) CHECK(w.data().size() == 1);
    ByteReader r(w.data());
    CHECK(r.svarint() == v);
    CHECK(r.atEnd());
  }
}
