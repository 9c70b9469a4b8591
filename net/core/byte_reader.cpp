#include "net/core/byte_reader.h"

#include "net/core/assert.h"

namespace weft::net {

ByteWriter& ByteWriter::shortString(std::string_view s) {
  WEFT_ASSERT(s.size() <= 255, "ByteWriter::shortString: longer than 255 bytes; trim it first");
  u8(static_cast<std::uint8_t>(s.size()));
  return bytes(s);
}

}  // namespace weft::net
