// Fuzzes the arena's control codecs: random bytes decoded as a client and as a server control
// message must never crash, and whatever is accepted must encode back to exactly those bytes
// (a Hello of another version aside, which is read no further than its version).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "game/proto/control_codec.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;
namespace proto = weft::game::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto client = proto::decodeClientControl(bytes)) {
    const auto* hello = std::get_if<proto::Hello>(&*client);
    if (!hello || hello->version == proto::kProtocolVersion) {
      require(proto::encodeControl(*client) == bytes);
    } else {
      require(bytes.size() >= 6 && bytes.substr(0, 4) == "WFTA");
    }
  } else {
    require(!client.error().message.empty());
  }
  if (auto server = proto::decodeServerControl(bytes)) {
    require(proto::encodeControl(*server) == bytes);
  } else {
    require(!server.error().message.empty());
  }
  return 0;
}
