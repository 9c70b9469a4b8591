#include "game/proto/wire_reader.h"

namespace weft::game::proto::detail {

std::uint64_t WireReader::count(std::string_view field, std::uint64_t max) {
  const std::uint64_t value = varint(field);
  if (value > max) {
    fail(field, "is " + std::to_string(value) + "; at most " + std::to_string(max));
    return 0;
  }
  return value;
}

std::int64_t WireReader::offset(std::string_view field, std::int64_t base, std::int64_t low,
                                std::int64_t high) {
  const std::int64_t delta = svarint(field);
  // Every base is well within ±2^62 (an int32, a tick, or a snapshot's expected position, under
  // 2^48), and so are low and high: the bounds on delta below cannot overflow, nor the sum.
  if (delta < low - base || delta > high - base) {
    fail(field, "is out of range (" + std::to_string(low) + ".." + std::to_string(high) + ")");
    return low;
  }
  return base + delta;
}

sim::PlayerId WireReader::player(std::string_view field, bool noneAllowed) {
  const std::uint8_t id = u8(field);
  if (id < sim::kMaxPlayers || (noneAllowed && id == sim::kNoPlayer)) return id;
  fail(field, "is " + std::to_string(id) + "; a player id is 0.." +
                  std::to_string(sim::kMaxPlayers - 1) + (noneAllowed ? " or 255 for none" : ""));
  return 0;
}

std::string_view WireReader::shortString(std::string_view field, std::size_t maxBytes) {
  const std::size_t length = u8(field);
  if (length > maxBytes) {
    fail(field, "is " + std::to_string(length) + " bytes; at most " + std::to_string(maxBytes));
    return {};
  }
  return bytes(length, field);
}

std::string_view WireReader::longString(std::string_view field, std::size_t maxBytes) {
  const auto length = static_cast<std::size_t>(count(field, maxBytes));
  return bytes(length, field);
}

void WireReader::fail(std::string_view field, std::string_view problem) {
  if (!error_.empty()) return;
  error_ = std::string(message_) + ": " + std::string(field) + " " + std::string(problem);
}

bool WireReader::done() {
  if (ok() && r_.remaining() > 0) {
    error_ = std::string(message_) + ": " + std::to_string(r_.remaining()) +
             " bytes left over after its last field";
  }
  return ok();
}

net::Error WireReader::finish() {
  done();
  return net::Error{error_};
}

}  // namespace weft::game::proto::detail
