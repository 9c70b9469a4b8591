// Fuzzes MessageProtocol's stream framing: each stream fed whole, byte by byte and in random
// pieces must give the same messages and close reason; no message is over maxMessageBytes (the
// first none over maxFirstMessageBytes), none arrives on the control channel 255 or after the
// connection began closing; heartbeats deliver nothing.
//
// Input: [settings][split seed][stream...]. settings: bits 0-6 maxMessageBytes (0-127), bit 7
// the default limit (256 KiB); the split seed's bit 7 sets maxFirstMessageBytes to half the
// limit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/protocols/message_protocol.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;

namespace {

struct Outcome {
  std::vector<std::string> messages;  // channel byte, then the message
  std::optional<weft::net::Reason> closeReason;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

class Fuzzed final : public weft::net::MessageProtocol {
 public:
  Fuzzed(weft::net::MessageProtocolConfig config, Outcome& outcome)
      : MessageProtocol(config),
        maxBytes_(config.maxMessageBytes),
        maxFirstBytes_(config.maxFirstMessageBytes.value_or(config.maxMessageBytes)),
        outcome_(outcome) {}

  void messageReceived(std::uint8_t channel, std::string_view message) override {
    require(!transport().disconnecting());
    require(channel != 255);
    require(message.size() <= (outcome_.messages.empty() ? maxFirstBytes_ : maxBytes_));
    outcome_.messages.push_back(static_cast<char>(channel) + std::string(message));
  }

 private:
  std::size_t maxBytes_;
  std::size_t maxFirstBytes_;
  Outcome& outcome_;
};

using weft::fuzz::Split;

Outcome run(weft::net::MessageProtocolConfig config, std::string_view stream, Split split,
            std::uint32_t seed) {
  Outcome outcome;
  Fuzzed protocol(config, outcome);
  outcome.closeReason = weft::fuzz::feedProtocol(protocol, stream, split, seed);
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  weft::net::MessageProtocolConfig config;
  if ((data[0] & 0x80) == 0) config.maxMessageBytes = data[0] & 0x7f;
  if ((data[1] & 0x80) != 0) config.maxFirstMessageBytes = config.maxMessageBytes / 2;
  const std::uint32_t seed = data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  const Outcome whole = run(config, stream, Split::Whole, seed);
  require(run(config, stream, Split::Bytes, seed) == whole);
  require(run(config, stream, Split::Random, seed) == whole);

  // Re-encoding the messages must spell out the start of the stream, between the heartbeat
  // frames (00 00 00 02 FF 02, net/protocols/WIRE.md), which deliver nothing.
  const std::string_view heartbeat("\0\0\0\x02\xff\x02", 6);
  std::size_t at = 0;
  const std::size_t firstLimit = config.maxFirstMessageBytes.value_or(config.maxMessageBytes);
  for (std::size_t next = 0;;) {
    // A frame's length counts its channel byte: a limit under 1 byte refuses even a heartbeat.
    const std::size_t limit = next == 0 ? firstLimit : config.maxMessageBytes;
    if (limit >= 1 && stream.substr(at).starts_with(heartbeat)) {
      at += heartbeat.size();
      continue;
    }
    if (next == whole.messages.size()) break;
    const std::string frame = weft::fuzz::lengthPrefixed(whole.messages[next++]);
    require(stream.substr(at).starts_with(frame));
    at += frame.size();
  }
  // A stream that ends on a frame boundary with only messages and heartbeats in it leaves the
  // connection open.
  if (at == stream.size()) require(!whole.closeReason);
  return 0;
}
