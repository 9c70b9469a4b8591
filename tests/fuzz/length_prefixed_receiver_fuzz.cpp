// Fuzzes LengthPrefixedReceiver: each stream fed whole, byte by byte and in random pieces must
// give the same frames, limit reports and close reason; no frame may exceed maxLength.
//
// Input: [settings][split seed][stream...]. settings: bits 0-5 maxLength, bit 6 keep the
// connection on oversized frames (they are skipped), bit 7 use Twisted's default 99999.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/protocols/length_prefixed_receiver.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;

namespace {

struct Outcome {
  std::vector<std::string> events;
  std::optional<weft::net::Reason> closeReason;
  bool skipped = false;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

class Fuzzed final : public weft::net::LengthPrefixedReceiver {
 public:
  Fuzzed(weft::net::LengthPrefixedReceiverConfig config, bool keepOversized, Outcome& outcome)
      : LengthPrefixedReceiver(config), keepOversized_(keepOversized), outcome_(outcome) {}

  void stringReceived(std::string_view string) override {
    require(!transport().disconnecting());
    require(string.size() <= config().maxLength);
    outcome_.events.push_back("S" + std::string(string));
    if (string == "quit") transport().loseConnection();
  }

  void lengthLimitExceeded(std::uint32_t length) override {
    require(!transport().disconnecting());
    require(length > config().maxLength);
    outcome_.events.push_back("X" + std::to_string(length));
    outcome_.skipped = true;
    if (!keepOversized_) LengthPrefixedReceiver::lengthLimitExceeded(length);
  }

 private:
  bool keepOversized_;
  Outcome& outcome_;
};

using weft::fuzz::Split;

Outcome run(weft::net::LengthPrefixedReceiverConfig config, bool keepOversized,
            std::string_view stream, Split split, std::uint32_t seed) {
  Outcome outcome;
  Fuzzed protocol(config, keepOversized, outcome);
  outcome.closeReason = weft::fuzz::feedProtocol(protocol, stream, split, seed);
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  weft::net::LengthPrefixedReceiverConfig config;
  config.maxLength = (data[0] & 0x80) != 0 ? 99999 : data[0] & 0x3f;
  const bool keepOversized = (data[0] & 0x40) != 0;
  const std::uint32_t seed = data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  const Outcome whole = run(config, keepOversized, stream, Split::Whole, seed);
  require(run(config, keepOversized, stream, Split::Bytes, seed) == whole);
  require(run(config, keepOversized, stream, Split::Random, seed) == whole);

  if (!whole.skipped) {  // re-encoding the frames must spell out the start of the stream
    std::string rebuilt;
    for (const std::string& event : whole.events)
      rebuilt += weft::fuzz::lengthPrefixed(std::string_view(event).substr(1));
    require(stream.starts_with(rebuilt));
  }
  return 0;
}
