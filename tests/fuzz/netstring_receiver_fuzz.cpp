// Fuzzes NetstringReceiver: each stream fed whole, byte by byte and in random pieces must give
// the same strings and close reason; re-encoding the strings must spell out the stream's start.
//
// Input: [maxLength][split seed][stream...]. maxLength is the first byte % 64, or Twisted's
// default 99999 when that byte is 0xff.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/protocols/netstring_receiver.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;

namespace {

struct Outcome {
  std::vector<std::string> strings;
  std::optional<weft::net::Reason> closeReason;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

class Fuzzed final : public weft::net::NetstringReceiver {
 public:
  Fuzzed(weft::net::NetstringReceiverConfig config, Outcome& outcome)
      : NetstringReceiver(config), outcome_(outcome) {}

  void stringReceived(std::string_view string) override {
    require(!transport().disconnecting());
    require(string.size() <= config().maxLength);
    outcome_.strings.emplace_back(string);
    if (string == "quit") transport().loseConnection();
  }

 private:
  Outcome& outcome_;
};

using weft::fuzz::Split;

Outcome run(weft::net::NetstringReceiverConfig config, std::string_view stream, Split split,
            std::uint32_t seed) {
  Outcome outcome;
  Fuzzed protocol(config, outcome);
  outcome.closeReason = weft::fuzz::feedProtocol(protocol, stream, split, seed);
  if (outcome.closeReason) {
    const auto code = outcome.closeReason->code;
    require(code == weft::net::ReasonCode::Done || code == weft::net::ReasonCode::ProtocolError ||
            code == weft::net::ReasonCode::LineTooLong);
    require(code == weft::net::ReasonCode::Done || !outcome.closeReason->detail.empty());
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  weft::net::NetstringReceiverConfig config;
  config.maxLength = data[0] == 0xff ? 99999 : data[0] % 64;
  const std::uint32_t seed = data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  const Outcome whole = run(config, stream, Split::Whole, seed);
  require(run(config, stream, Split::Bytes, seed) == whole);
  require(run(config, stream, Split::Random, seed) == whole);

  // What was delivered must be exactly what the stream said, in order.
  std::string rebuilt;
  for (const std::string& string : whole.strings) {
    rebuilt.append(std::to_string(string.size())).append(":").append(string).append(",");
  }
  require(stream.starts_with(rebuilt));
  return 0;
}
