#include "net/core/byte_reader.h"

#include "net/core/assert.h"

namespace weft::net {

std::uint64_t ByteReader::varint() {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (!ok_ || remaining() == 0) return failNumber();
    const auto byte = static_cast<unsigned char>(bytes_[offset_++]);
    // The tenth byte holds bit 63 alone; a last byte of 0 after the first is an overlong form.
    if (i == kMaxVarintBytes - 1 && byte > 1) return failNumber();
    value |= std::uint64_t{byte & 0x7fu} << (7 * i);
    if ((byte & 0x80) == 0) return (byte == 0 && i > 0) ? failNumber() : value;
  }
  return failNumber();
}

ByteWriter& ByteWriter::shortString(std::string_view s) {
  WEFT_ASSERT(s.size() <= 255, "ByteWriter::shortString: longer than 255 bytes; trim it first");
  u8(static_cast<std::uint8_t>(s.size()));
  return bytes(s);
}

}  // namespace weft::net
