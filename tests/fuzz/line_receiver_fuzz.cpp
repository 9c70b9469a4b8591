// Fuzzes LineReceiver: random streams and settings, each stream fed whole, byte by byte and in
// random pieces, which must all give the same lines and close reason; every line must respect
// maxLength and hold no line ending.
//
// Input: [flags][maxLength][split seed][stream...]. flags: bit 0 lenient, bit 1 keep the
// connection on long lines, bits 2-3 the delimiter, bit 4 obey "raw<n>" and "quit" lines.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/protocols/line_receiver.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;

namespace {

constexpr std::string_view kDelimiters[] = {"\r\n", "\n", "||", "\r\n\r\n"};

struct Settings {
  weft::net::LineReceiverConfig config;
  bool keepLongLines = false;
  bool obeyCommands = false;
};

struct Outcome {
  std::vector<std::string> events;
  std::optional<weft::net::Reason> closeReason;
  bool sawLongLine = false;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

class Fuzzed final : public weft::net::LineReceiver {
 public:
  Fuzzed(const Settings& settings, Outcome& outcome)
      : LineReceiver(settings.config), settings_(settings), outcome_(outcome) {}

  void lineReceived(std::string_view line) override {
    require(!transport().disconnecting());
    require(line.size() <= config().maxLength);
    require(line.find(config().delimiter) == std::string_view::npos);
    if (config().lenient) require(line.find('\n') == std::string_view::npos);
    outcome_.events.push_back("L" + std::string(line));
    if (!settings_.obeyCommands) return;
    if (line.size() == 4 && line.starts_with("raw")) {
      rawLeft_ = static_cast<unsigned char>(line[3]) % 64;
      setRawMode();
    } else if (line == "quit") {
      transport().loseConnection();
    }
  }

  void rawDataReceived(std::string_view data) override {
    require(!transport().disconnecting());
    require(settings_.obeyCommands);
    const std::string_view mine = data.substr(0, rawLeft_);
    if (!outcome_.events.empty() && outcome_.events.back().starts_with("R")) {
      outcome_.events.back().append(mine);
    } else if (!mine.empty()) {
      outcome_.events.push_back("R" + std::string(mine));
    }
    rawLeft_ -= mine.size();
    if (rawLeft_ == 0) setLineMode(data.substr(mine.size()));
  }

  void lineLengthExceeded(std::string_view partialLine) override {
    require(!transport().disconnecting());
    require(partialLine.size() == config().maxLength + 1);
    outcome_.sawLongLine = true;
    outcome_.events.push_back("X" + std::string(partialLine));
    if (!settings_.keepLongLines) LineReceiver::lineLengthExceeded(partialLine);
  }

 private:
  const Settings& settings_;
  Outcome& outcome_;
  std::size_t rawLeft_ = 0;
};

using weft::fuzz::Split;

Outcome run(const Settings& settings, std::string_view stream, Split split, std::uint32_t seed) {
  Outcome outcome;
  Fuzzed protocol(settings, outcome);
  outcome.closeReason = weft::fuzz::feedProtocol(protocol, stream, split, seed);
  return outcome;
}

// In strict mode every line and raw run, with the delimiter after each line, must spell out
// the start of the stream: nothing invented, dropped or reordered.
void checkReassembly(const Settings& settings, const Outcome& outcome, std::string_view stream) {
  if (settings.config.lenient || outcome.sawLongLine) return;
  std::string rebuilt;
  for (const std::string& event : outcome.events) {
    rebuilt.append(event, 1);
    if (event[0] == 'L') rebuilt.append(settings.config.delimiter);
  }
  require(stream.starts_with(rebuilt));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  Settings settings;
  settings.config.lenient = (data[0] & 1) != 0;
  settings.keepLongLines = (data[0] & 2) != 0;
  settings.config.delimiter = std::string(kDelimiters[(data[0] >> 2) & 3]);
  settings.obeyCommands = (data[0] & 16) != 0;
  settings.config.maxLength = data[1] % 48;
  const std::uint32_t seed = data[2];
  const std::string_view stream(reinterpret_cast<const char*>(data + 3), size - 3);

  const Outcome whole = run(settings, stream, Split::Whole, seed);
  require(run(settings, stream, Split::Bytes, seed) == whole);
  require(run(settings, stream, Split::Random, seed) == whole);
  checkReassembly(settings, whole, stream);
  return 0;
}
