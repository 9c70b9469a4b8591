#include "net/protocols/line_receiver.h"

#include <doctest/doctest.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "net/testing/string_transport.h"
#include "tests/support/printers.h"

using weft::net::LineReceiver;
using weft::net::LineReceiverConfig;
using weft::net::Reason;
using weft::net::ReasonCode;
using weft::testing::StringTransport;

namespace {

// Records what it receives as "line:…", "raw:…" (consecutive raw runs merged, since their
// split is TCP's business) and "long:…". Lines also act as commands: "raw N" reads N raw
// bytes and then returns to line mode; "quit" closes the connection.
class Recorder final : public LineReceiver {
 public:
  using LineReceiver::LineReceiver;

  void lineReceived(std::string_view line) override {
    events.push_back("line:" + std::string(line));
    if (line == "throw") throw std::runtime_error("user code failed");
    if (line.starts_with("raw ")) {
      std::from_chars(line.data() + 4, line.data() + line.size(), rawLeft_);
      setRawMode();
    } else if (line == "quit") {
      transport().loseConnection();
    }
    if (injectOnLine == line) dataReceived(injected);
  }

  void rawDataReceived(std::string_view data) override {
    const std::string_view mine = returnToLines ? data.substr(0, rawLeft_) : data;
    if (!events.empty() && events.back().starts_with("raw:")) {
      events.back().append(mine);
    } else if (!mine.empty()) {
      events.push_back("raw:" + std::string(mine));
    }
    if (!returnToLines) return;
    rawLeft_ -= mine.size();
    if (rawLeft_ == 0) setLineMode(data.substr(mine.size()));
  }

  void lineLengthExceeded(std::string_view partialLine) override {
    events.push_back("long:" + std::string(partialLine));
    if (!keepLongLines) LineReceiver::lineLengthExceeded(partialLine);
  }

  std::vector<std::string> events;
  bool keepLongLines = false;
  bool returnToLines = true;
  std::string injectOnLine = "\x01";  // a line that makes the protocol receive `injected`
  std::string injected;

 private:
  std::size_t rawLeft_ = 0;
};

struct Outcome {
  std::vector<std::string> events;
  std::optional<Reason> closeReason;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

std::ostream& operator<<(std::ostream& out, const Outcome& outcome) {
  out << "{";
  for (const std::string& event : outcome.events) out << '"' << event << "\" ";
  if (outcome.closeReason) out << "closed: " << outcome.closeReason->sentence();
  return out << "}";
}

struct Options {
  LineReceiverConfig config;
  bool keepLongLines = false;
};

Outcome run(const Options& options, std::string_view stream, std::size_t chunkSize) {
  Recorder protocol(options.config);
  protocol.keepLongLines = options.keepLongLines;
  StringTransport transport;
  transport.connect(protocol);
  weft::testing::feedInChunks(transport, stream, chunkSize);
  return {protocol.events, transport.closeReason()};
}

// The heart of every decoder test: one outcome, however TCP splits the stream.
Outcome runAtEveryChunkSize(const Options& options, std::string_view stream) {
  const Outcome whole = run(options, stream, stream.size() + 1);
  for (std::size_t chunkSize = 1; chunkSize <= stream.size(); ++chunkSize) {
    CAPTURE(chunkSize);
    CHECK(run(options, stream, chunkSize) == whole);
  }
  return whole;
}

using Events = std::vector<std::string>;

}  // namespace

TEST_CASE("lines come out the same at every chunk size, and an unfinished last line waits") {
  const Outcome outcome =
      runAtEveryChunkSize({}, "hello\r\n\r\nsecond line\r\nwith \r inside\r\nunfinished\r");
  CHECK(outcome.events == Events{"line:hello", "line:", "line:second line", "line:with \r inside"});
  CHECK_FALSE(outcome.closeReason);
}

TEST_CASE("a custom delimiter ends lines, even when it overlaps itself") {
  Options options;
  options.config.delimiter = "||";
  const Outcome outcome = runAtEveryChunkSize(options, "a|b||||c|||d||");
  CHECK(outcome.events == Events{"line:a|b", "line:", "line:c", "line:|d"});
}

TEST_CASE("strict mode keeps a bare newline inside the line") {
  const Outcome outcome = runAtEveryChunkSize({}, "one\ntwo\r\n");
  CHECK(outcome.events == Events{"line:one\ntwo"});
}

TEST_CASE("lenient mode ends a line at \\n or \\r\\n, dropping only the \\r before the \\n") {
  Options options;
  options.config.lenient = true;
  const Outcome outcome =
      runAtEveryChunkSize(options, "nc user\ntelnet user\r\n\n\r\rx\r\n\rlast\n");
  CHECK(outcome.events ==
        Events{"line:nc user", "line:telnet user", "line:", "line:\r\rx", "line:\rlast"});
}

TEST_CASE("lenient mode still honours a custom delimiter, whichever ending completes first") {
  Options options;
  options.config.lenient = true;
  options.config.delimiter = "END";
  const Outcome outcome = runAtEveryChunkSize(options, "aEND\nb\r\ncENDd\n");
  CHECK(outcome.events == Events{"line:a", "line:", "line:b", "line:c", "line:d"});
}

TEST_CASE("a line of exactly maxLength is delivered; one byte more closes with LineTooLong") {
  Options options;
  options.config.maxLength = 5;

  SUBCASE("at the limit") {
    CHECK(runAtEveryChunkSize(options, "12345\r\n1234\r\n").events ==
          Events{"line:12345", "line:1234"});
  }
  SUBCASE("over it, with a delimiter that does arrive") {
    const Outcome outcome = runAtEveryChunkSize(options, "ok\r\n123456\r\nnever\r\n");
    CHECK(outcome.events == Events{"line:ok", "long:123456"});
    REQUIRE(outcome.closeReason);
    CHECK(outcome.closeReason->code == ReasonCode::LineTooLong);
    CHECK(outcome.closeReason->detail ==
          "a line exceeded the 5-byte limit (LineReceiverConfig::maxLength)");
  }
  SUBCASE("over it, with no delimiter ever") {
    const Outcome outcome = runAtEveryChunkSize(options, "ok\r\n1234567890123");
    CHECK(outcome.events == Events{"line:ok", "long:123456"});
    REQUIRE(outcome.closeReason);
    CHECK(outcome.closeReason->code == ReasonCode::LineTooLong);
  }
  SUBCASE("in lenient mode, where a trailing \\r may still be dropped") {
    options.config.lenient = true;
    CHECK(runAtEveryChunkSize(options, "12345\r\n12345\n").events ==
          Events{"line:12345", "line:12345"});
    CHECK(runAtEveryChunkSize(options, "12345\r\r\n").events == Events{"long:12345\r"});
  }
}

TEST_CASE("an unfinished line is given up as soon as no delimiter could end it in time") {
  // Memory stays bounded: the verdict comes at maxLength + delimiter.size() bytes, because
  // with one byte fewer the last one could still be the '\r' of a legal line's "\r\n".
  Options options;
  options.config.maxLength = 8;
  Recorder protocol(options.config);
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("123456789");
  CHECK_FALSE(transport.closeReason());
  transport.receive("0");
  CHECK(transport.closeReason() == Reason::lineTooLong("a line exceeded the 8-byte limit "
                                                       "(LineReceiverConfig::maxLength)"));
  CHECK(protocol.events == Events{"long:123456789"});
}

TEST_CASE("an override that keeps the connection open skips the long line and carries on") {
  Options options;
  options.config.maxLength = 3;
  options.keepLongLines = true;
  const Outcome outcome = runAtEveryChunkSize(options, "abc\r\nabcdefgh\r\r\nxy\r\nvwxyz");
  CHECK(outcome.events == Events{"line:abc", "long:abcd", "line:xy", "long:vwxy"});
  CHECK_FALSE(outcome.closeReason);
}

TEST_CASE("switching to raw mode inside lineReceived sends the rest of the data raw, and back") {
  const Outcome outcome =
      runAtEveryChunkSize({}, "header\r\nraw 8\r\n\r\nbody\r\nafter\r\nraw 0\r\nend\r\n");
  CHECK(outcome.events == Events{"line:header", "line:raw 8", "raw:\r\nbody\r\n", "line:after",
                                 "line:raw 0", "line:end"});
}

TEST_CASE("raw mode delivers everything that follows when it never switches back") {
  Recorder protocol;
  protocol.returnToLines = false;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("raw 100\r\nab");
  transport.receive("cd\r\n");
  CHECK(protocol.events == Events{"line:raw 100", "raw:abcd\r\n"});
  CHECK_FALSE(protocol.lineMode());
}

TEST_CASE("raw bytes are not subject to maxLength") {
  Options options;
  options.config.maxLength = 5;
  const Outcome outcome = runAtEveryChunkSize(options, "raw 9\r\n123456789ok\r\n");
  CHECK(outcome.events == Events{"line:raw 9", "raw:123456789", "line:ok"});
}

TEST_CASE("switching modes outside a callback handles what is buffered at once") {
  Recorder protocol;
  protocol.returnToLines = false;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("partial");
  CHECK(protocol.events.empty());
  protocol.setRawMode();
  CHECK(protocol.events == Events{"raw:partial"});

  protocol.setLineMode("handed\r\nback");
  transport.receive("\r\n");
  CHECK(protocol.events == Events{"raw:partial", "line:handed", "line:back"});
}

TEST_CASE("loseConnection inside lineReceived stops the lines after it") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("first\r\nquit\r\nignored\r\n");
  transport.receive("also ignored\r\n");
  CHECK(protocol.events == Events{"line:first", "line:quit"});
  CHECK(transport.closeReason() == Reason::done());
}

TEST_CASE("bytes received from inside lineReceived are parsed after those already buffered") {
  Recorder protocol;
  protocol.injectOnLine = "inject";
  protocol.injected = "late\r\n";
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("inject\r\nbuffered\r\n");
  CHECK(protocol.events == Events{"line:inject", "line:buffered", "line:late"});
}

TEST_CASE("a line whose callback throws is consumed, and parsing resumes after it") {
  // The reactor catches the exception and closes the connection; until then the receiver
  // must neither repeat the line nor lose the bytes after it.
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  CHECK_THROWS_AS(transport.receive("throw\r\nnext\r\npart"), std::runtime_error);
  transport.receive("ial\r\n");
  CHECK(protocol.events == Events{"line:throw", "line:next", "line:partial"});
}

TEST_CASE("sendLine writes the line followed by the delimiter") {
  Options options;
  options.config.delimiter = "\n";
  Recorder protocol(options.config);
  StringTransport transport;
  transport.connect(protocol);
  protocol.sendLine("hello");
  protocol.sendLine("");
  CHECK(transport.written() == "hello\n\n");
}
