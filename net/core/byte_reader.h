// ByteReader / ByteWriter: bounds-checked big-endian reading and writing of wire formats (and
// LEB128 varints). A read past the end sets a sticky error, so a decoder checks once.
// Tests: tests/net/core/byte_reader_test.cpp
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace weft::net {

// Zigzag maps signed to unsigned so that small magnitudes of either sign stay small
// (0, -1, 1, -2... become 0, 1, 2, 3...): what svarint() writes.
constexpr std::uint64_t zigzagEncode(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
constexpr std::int64_t zigzagDecode(std::uint64_t u) {
  return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}
// The most bytes a varint of a uint64 takes: 7 bits a byte.
inline constexpr std::size_t kMaxVarintBytes = 10;

// Reads from bytes it does not own. After the first failed read every read returns zero/empty
// and ok() stays false: write the decoder straight through, then check ok() (and atEnd()).
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(take(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(take(4)); }
  std::uint64_t u64() { return take(8); }
  // An unsigned LEB128 varint: 7 bits a byte, low group first, the high bit set on every byte
  // but the last. Only the shortest form of a value is accepted (no trailing 0x80 0x00 padding,
  // nothing past 64 bits), so every value has exactly one encoding and a decoder that re-encodes
  // what it read gets the same bytes.
  std::uint64_t varint();
  // A zigzag varint (see zigzagEncode).
  std::int64_t svarint() { return zigzagDecode(varint()); }
  // `count` raw bytes, as a view into the input.
  std::string_view bytes(std::size_t count) {
    if (!ok_ || count > remaining()) return fail();
    std::string_view out = bytes_.substr(offset_, count);
    offset_ += count;
    return out;
  }
  // A string with a u8 length prefix, at most `maxLength` bytes (a longer one is an error).
  std::string_view shortString(std::size_t maxLength = 255) {
    const std::size_t length = u8();
    if (length > maxLength) return fail();
    return bytes(length);
  }
  std::string_view rest() { return bytes(remaining()); }

  bool ok() const { return ok_; }
  bool atEnd() const { return ok_ && offset_ == bytes_.size(); }
  std::size_t remaining() const { return ok_ ? bytes_.size() - offset_ : 0; }

 private:
  std::uint64_t take(std::size_t width) {
    if (!ok_ || width > remaining()) {
      fail();
      return 0;
    }
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[offset_ + i]);
    }
    offset_ += width;
    return value;
  }
  std::uint64_t failNumber() {
    ok_ = false;
    return 0;
  }
  std::string_view fail() {
    ok_ = false;
    return {};
  }

  std::string_view bytes_;
  std::size_t offset_ = 0;
  bool ok_ = true;
};

// Appends to a string it owns. What we write we trust: a too-long short string is a programmer
// error (assert), unlike anything read.
class ByteWriter {
 public:
  ByteWriter& u8(std::uint8_t v) { return put(v, 1); }
  ByteWriter& u16(std::uint16_t v) { return put(v, 2); }
  ByteWriter& u32(std::uint32_t v) { return put(v, 4); }
  ByteWriter& u64(std::uint64_t v) { return put(v, 8); }
  ByteWriter& varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  ByteWriter& svarint(std::int64_t v) { return varint(zigzagEncode(v)); }
  ByteWriter& bytes(std::string_view b) {
    out_.append(b);
    return *this;
  }
  ByteWriter& shortString(std::string_view s);

  const std::string& data() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  ByteWriter& put(std::uint64_t value, std::size_t width) {
    for (std::size_t i = width; i-- > 0;)
      out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    return *this;
  }
  std::string out_;
};

}  // namespace weft::net
