#include "net/protocols/netstring_receiver.h"

#include <doctest/doctest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "net/testing/string_transport.h"
#include "tests/support/printers.h"

using weft::net::NetstringReceiver;
using weft::net::NetstringReceiverConfig;
using weft::net::Reason;
using weft::net::ReasonCode;
using weft::testing::StringTransport;

namespace {

class Recorder final : public NetstringReceiver {
 public:
  using NetstringReceiver::NetstringReceiver;
  void stringReceived(std::string_view string) override {
    strings.emplace_back(string);
    if (string == "quit") transport().loseConnection();
  }
  std::vector<std::string> strings;
};

struct Outcome {
  std::vector<std::string> strings;
  std::optional<Reason> closeReason;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& outcome) {
  out << "{";
  for (const std::string& string : outcome.strings) out << '"' << string << "\" ";
  if (outcome.closeReason) out << "closed: " << outcome.closeReason->sentence();
  return out << "}";
}

Outcome run(NetstringReceiverConfig config, std::string_view stream, std::size_t chunkSize) {
  Recorder protocol(config);
  StringTransport transport;
  transport.connect(protocol);
  weft::testing::feedInChunks(transport, stream, chunkSize);
  return {protocol.strings, transport.closeReason()};
}

Outcome runAtEveryChunkSize(std::string_view stream, NetstringReceiverConfig config = {}) {
  const Outcome whole = run(config, stream, stream.size() + 1);
  for (std::size_t chunkSize = 1; chunkSize <= stream.size(); ++chunkSize) {
    CAPTURE(chunkSize);
    CHECK(run(config, stream, chunkSize) == whole);
  }
  return whole;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("netstrings come out the same at every chunk size, empty and comma-filled ones too") {
  const Outcome outcome = runAtEveryChunkSize("5:hello,0:,3:a,b,12:with\r\n:colon,2:un");
  CHECK(outcome.strings == Strings{"hello", "", "a,b", "with\r\n:colon"});
  CHECK_FALSE(outcome.closeReason);
}

TEST_CASE("sendString frames the payload as a netstring") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  protocol.sendString("hello");
  protocol.sendString("");
  protocol.sendString(std::string(12, 'x'));
  CHECK(transport.written() == "5:hello,0:,12:xxxxxxxxxxxx,");
}

TEST_CASE("malformed netstrings close with ProtocolError saying what was wrong") {
  struct Case {
    std::string_view stream;
    std::string_view detail;
  };
  const Case cases[] = {
      {"2:ok,x:abc,", "a netstring must begin with its length in decimal digits, got 'x'"},
      {"-1:", "a netstring must begin with its length in decimal digits, got '-'"},
      {"\n", "a netstring must begin with its length in decimal digits, got byte 0x0a"},
      {":abc,", "a netstring has no length before its ':'"},
      {"05:hello,",
       "netstring length has a leading zero (only a length of exactly 0 may start with '0')"},
      {"00:,",
       "netstring length has a leading zero (only a length of exactly 0 may start with '0')"},
      {"12x", "expected ':' after the netstring length 12, got 'x'"},
      {"3 :abc,", "expected ':' after the netstring length 3, got ' '"},
      {"3:abcd,", "expected ',' after the 3-byte netstring payload, got 'd'"},
      {"0:;", "expected ',' after the 0-byte netstring payload, got ';'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.stream);
    const Outcome outcome = runAtEveryChunkSize(c.stream);
    CHECK(outcome.closeReason == Reason::protocolError(std::string(c.detail)));
  }
  CHECK(runAtEveryChunkSize("2:ok,x:abc,").strings == Strings{"ok"});
}

TEST_CASE("nothing after a malformed netstring is delivered, even a valid one") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("1:a,1:b;1:c,");
  transport.receive("1:d,");
  CHECK(protocol.strings == Strings{"a"});
}

TEST_CASE("a netstring of exactly maxLength is delivered; longer closes with LineTooLong") {
  NetstringReceiverConfig config;
  config.maxLength = 5;
  CHECK(runAtEveryChunkSize("5:abcde,", config).strings == Strings{"abcde"});

  const Outcome tooLong = runAtEveryChunkSize("1:a,6:abcdef,", config);
  CHECK(tooLong.strings == Strings{"a"});
  CHECK(tooLong.closeReason ==
        Reason::lineTooLong("a netstring length of at least 6 is over the 5-byte limit "
                            "(NetstringReceiverConfig::maxLength)"));
}

TEST_CASE("an oversized length is refused from its digits, before any payload is buffered") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("99999");  // the default limit, so far
  CHECK_FALSE(transport.closeReason());
  transport.receive("9");
  REQUIRE(transport.closeReason());
  CHECK(transport.closeReason()->code == ReasonCode::LineTooLong);
  CHECK(transport.closeReason()->detail ==
        "a netstring length of at least 999999 is over the 99999-byte limit "
        "(NetstringReceiverConfig::maxLength)");
}

TEST_CASE("a length with more digits than any integer holds is refused, not overflowed") {
  NetstringReceiverConfig config;
  config.maxLength = static_cast<std::size_t>(-1);
  const Outcome outcome = runAtEveryChunkSize("99999999999999999999999999:", config);
  REQUIRE(outcome.closeReason);
  CHECK(outcome.closeReason->code == ReasonCode::LineTooLong);
}

TEST_CASE("loseConnection inside stringReceived stops the strings after it") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("1:a,4:quit,1:b,");
  transport.receive("1:c,");
  CHECK(protocol.strings == Strings{"a", "quit"});
  CHECK(transport.closeReason() == Reason::done());
}
