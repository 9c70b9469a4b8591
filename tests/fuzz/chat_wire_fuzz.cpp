// Fuzzes the game chat codec: random bytes decoded as a client message and as a server
// message must never crash, and whatever is accepted must encode back to exactly those bytes
// (decoders accept only what encoders write; a hello of another version is the one exception,
// read only up to its version).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "net/chat/chat_wire.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto client = weft::net::decodeChatClientMessage(bytes)) {
    const auto* hello = std::get_if<weft::net::ChatHello>(&*client);
    if (!hello || hello->version == weft::net::kChatWireVersion) {
      require(weft::net::encodeChat(*client) == bytes);
    } else {
      require(bytes.size() >= 3 && bytes[0] == 1);
    }
  }
  if (auto server = weft::net::decodeChatServerMessage(bytes)) {
    require(weft::net::encodeChat(*server) == bytes);
  }
  return 0;
}
