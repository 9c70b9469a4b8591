// Fuzzes the input packet decoder: never a crash, and what it accepts encodes back to the same
// bytes, with every input's tick at or after 0.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "game/proto/input_codec.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;
namespace proto = weft::game::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto packet = proto::decodeInputPacket(bytes);
  if (!packet) {
    require(!packet.error().message.empty());
    return 0;
  }
  require(!packet->inputs.empty() && packet->inputs.size() <= proto::kMaxInputsPerPacket);
  require(proto::inputTick(*packet, 0) >= 0);
  require(proto::encodeInputPacket(*packet) == bytes);
  return 0;
}
