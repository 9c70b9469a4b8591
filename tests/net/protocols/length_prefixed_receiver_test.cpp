#include "net/protocols/length_prefixed_receiver.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "net/testing/string_transport.h"
#include "tests/support/printers.h"

using weft::net::LengthPrefixedReceiver;
using weft::net::LengthPrefixedReceiverConfig;
using weft::net::Reason;
using weft::net::ReasonCode;
using weft::testing::StringTransport;

namespace {

class Recorder final : public LengthPrefixedReceiver {
 public:
  using LengthPrefixedReceiver::LengthPrefixedReceiver;
  void stringReceived(std::string_view string) override {
    strings.emplace_back(string);
    if (string == "quit") transport().loseConnection();
  }
  void lengthLimitExceeded(std::uint32_t length) override {
    exceeded.push_back(length);
    if (!keepOversized) LengthPrefixedReceiver::lengthLimitExceeded(length);
  }
  std::vector<std::string> strings;
  std::vector<std::uint32_t> exceeded;
  bool keepOversized = false;
};

std::string frame(std::string_view payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                  static_cast<char>(n)};
  return out.append(payload);
}

struct Outcome {
  std::vector<std::string> strings;
  std::vector<std::uint32_t> exceeded;
  std::optional<Reason> closeReason;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& outcome) {
  out << "{";
  for (const std::string& string : outcome.strings) out << '"' << string << "\" ";
  for (std::uint32_t length : outcome.exceeded) out << "exceeded:" << length << ' ';
  if (outcome.closeReason) out << "closed: " << outcome.closeReason->sentence();
  return out << "}";
}

Outcome run(LengthPrefixedReceiverConfig config, bool keepOversized, std::string_view stream,
            std::size_t chunkSize) {
  Recorder protocol(config);
  protocol.keepOversized = keepOversized;
  StringTransport transport;
  transport.connect(protocol);
  weft::testing::feedInChunks(transport, stream, chunkSize);
  return {protocol.strings, protocol.exceeded, transport.closeReason()};
}

Outcome runAtEveryChunkSize(std::string_view stream, LengthPrefixedReceiverConfig config = {},
                            bool keepOversized = false) {
  const Outcome whole = run(config, keepOversized, stream, stream.size() + 1);
  for (std::size_t chunkSize = 1; chunkSize <= stream.size(); ++chunkSize) {
    CAPTURE(chunkSize);
    CHECK(run(config, keepOversized, stream, chunkSize) == whole);
  }
  return whole;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("frames come out the same at every chunk size, empty and binary ones too") {
  const std::string binary("\0\xff\r\n", 4);
  const std::string stream =
      frame("hello") + frame("") + frame(binary) + frame("unfinished").substr(0, 7);
  const Outcome outcome = runAtEveryChunkSize(stream);
  CHECK(outcome.strings == Strings{"hello", "", binary});
  CHECK_FALSE(outcome.closeReason);
}

TEST_CASE("sendString writes a 32-bit big-endian length, then the payload") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  protocol.sendString("hi");
  protocol.sendString("");
  protocol.sendString(std::string(0x0102, 'x'));
  const std::string expected =
      std::string("\0\0\0\x02hi\0\0\0\0\0\0\x01\x02", 14) + std::string(0x0102, 'x');
  CHECK(transport.written() == expected);
}

TEST_CASE("a frame of exactly maxLength is delivered; longer closes with LineTooLong") {
  LengthPrefixedReceiverConfig config;
  config.maxLength = 5;
  CHECK(runAtEveryChunkSize(frame("abcde"), config).strings == Strings{"abcde"});

  const Outcome tooLong = runAtEveryChunkSize(frame("a") + frame("abcdef"), config);
  CHECK(tooLong.strings == Strings{"a"});
  CHECK(tooLong.exceeded == std::vector<std::uint32_t>{6});
  CHECK(tooLong.closeReason == Reason::lineTooLong("a frame of 6 bytes is over the 5-byte limit "
                                                   "(LengthPrefixedReceiverConfig::maxLength)"));
}

TEST_CASE("an oversized prefix is refused at once, before any payload is buffered") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive(std::string_view("\xff\xff\xff\xff", 4));
  CHECK(protocol.exceeded == std::vector<std::uint32_t>{0xffffffff});
  REQUIRE(transport.closeReason());
  CHECK(transport.closeReason()->code == ReasonCode::LineTooLong);
}

TEST_CASE("an override that keeps the connection open skips the oversized frame") {
  LengthPrefixedReceiverConfig config;
  config.maxLength = 3;
  const Outcome outcome =
      runAtEveryChunkSize(frame("abc") + frame("too long") + frame("ok"), config, true);
  CHECK(outcome.strings == Strings{"abc", "ok"});
  CHECK(outcome.exceeded == std::vector<std::uint32_t>{8});
  CHECK_FALSE(outcome.closeReason);
}

TEST_CASE("loseConnection inside stringReceived stops the frames after it") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive(frame("a") + frame("quit") + frame("b"));
  transport.receive(frame("c"));
  CHECK(protocol.strings == Strings{"a", "quit"});
  CHECK(transport.closeReason() == Reason::done());
}
