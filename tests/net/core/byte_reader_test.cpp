#include "net/core/byte_reader.h"

#include <doctest/doctest.h>

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
