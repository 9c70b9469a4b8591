// MessageProtocol over a byte stream (StringTransport): the exact frames it writes, decoding at
// every chunk size, the goodbye frame, and bad frames closing only their own connection.

#include "net/protocols/message_protocol.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/byte_reader.h"
#include "net/core/scheduler.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"
#include "net/testing/string_transport.h"
#include "tests/net/messages/message_recorder.h"
#include "tests/support/death_test.h"
#include "tests/support/printers.h"

using weft::net::ByteWriter;
using weft::net::Delivery;
using weft::net::MessageProtocolConfig;
using weft::net::Reason;
using weft::net::ReasonCode;
using weft::net::toWireCode;
using weft::test::MessageRecorder;
using weft::test::ReceivedMessage;
using weft::testing::StringTransport;
using namespace std::chrono_literals;

namespace {

std::string frame(std::uint8_t channel, std::string_view message) {
  ByteWriter w;
  w.u32(static_cast<std::uint32_t>(message.size() + 1)).u8(channel).bytes(message);
  return w.take();
}
std::string goodbye(ReasonCode code) {
  ByteWriter w;
  w.u32(6).u8(255).u8(1).u32(toWireCode(code));
  return w.take();
}

struct Outcome {
  std::vector<ReceivedMessage> messages;
  std::optional<Reason> closeReason;
  bool operator==(const Outcome&) const = default;
};

Outcome decode(std::string_view stream, std::size_t chunkSize, MessageProtocolConfig config = {}) {
  MessageRecorder protocol(config);
  StringTransport transport;
  transport.connect(protocol);
  weft::testing::feedInChunks(transport, stream, chunkSize);
  Outcome outcome{protocol.received, transport.closeReason()};
  transport.finish();
  return outcome;
}

}  // namespace

TEST_CASE("each message is written as one frame: u32 length, u8 channel, the bytes") {
  MessageRecorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  protocol.send(3, "hi");
  protocol.send(0, "", Delivery::Unreliable);  // a stream carries every delivery reliably
  protocol.send(254, std::string(300, 'x'), Delivery::Unsequenced);
  CHECK(transport.takeWritten() ==
        frame(3, "hi") + frame(0, "") + frame(254, std::string(300, 'x')));
  CHECK(protocol.messages().channelCount() == 255);
  transport.finish();
}

TEST_CASE("a stream of frames decodes to the same messages at every chunk size") {
  std::string binary("\0\xff\r\n", 4);
  const std::string stream = frame(0, "hello") + frame(7, "") + frame(254, binary) +
                             frame(1, std::string(1000, 'z')) + goodbye(ReasonCode::ShuttingDown) +
                             frame(2, "after the goodbye");
  const Outcome whole = decode(stream, stream.size());
  REQUIRE(whole.messages.size() == 4);
  CHECK(whole.messages[0] == ReceivedMessage{0, "hello"});
  CHECK(whole.messages[1] == ReceivedMessage{7, ""});
  CHECK(whole.messages[2] == ReceivedMessage{254, binary});
  CHECK(whole.messages[3].bytes.size() == 1000);
  REQUIRE(whole.closeReason);
  CHECK(whole.closeReason->code == ReasonCode::ShuttingDown);  // the peer's code
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    CAPTURE(chunk);
    REQUIRE(decode(stream, chunk) == whole);
  }
}

TEST_CASE("disconnect(code) writes a goodbye frame and closes with the code after what is queued") {
  MessageRecorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  protocol.send(0, "last words");
  protocol.messages().disconnect(ReasonCode::ProtocolError);
  protocol.send(0, "ignored");                       // the transport is disconnecting
  protocol.messages().disconnect(ReasonCode::Done);  // so is a second disconnect
  CHECK(transport.takeWritten() == frame(0, "last words") + goodbye(ReasonCode::ProtocolError));
  REQUIRE(transport.closeReason());
  CHECK(transport.closeReason()->code == ReasonCode::ProtocolError);
  transport.finish();
  CHECK(protocol.lostCount == 1);
}

TEST_CASE("abort closes the stream at once") {
  MessageRecorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  protocol.messages().abort();
  CHECK(transport.aborted());
  transport.finish();
}

TEST_CASE("bad frames close only their connection, with a Reason that says what was wrong") {
  struct Case {
    const char* name;
    std::string stream;
    ReasonCode code;
    std::string detail;
  };
  MessageProtocolConfig small{.maxMessageBytes = 16};
  ByteWriter unknownKind;
  unknownKind.u32(6).u8(255).u8(2).u32(1);
  ByteWriter longGoodbye;
  longGoodbye.u32(7).u8(255).u8(1).u32(1).u8(0);
  ByteWriter shortGoodbye;
  shortGoodbye.u32(3).u8(255).u8(1).u8(0);
  const Case cases[] = {
      {"empty frame", std::string(4, '\0'), ReasonCode::ProtocolError, "an empty message frame"},
      {"unknown control frame", unknownKind.take(), ReasonCode::ProtocolError,
       "an unknown control frame"},
      {"goodbye with trailing bytes", longGoodbye.take(), ReasonCode::ProtocolError,
       "an unknown control frame"},
      {"truncated goodbye", shortGoodbye.take(), ReasonCode::ProtocolError,
       "an unknown control frame"},
      {"oversized frame", frame(1, std::string(17, 'x')), ReasonCode::MessageTooLarge,
       "a message of 17 bytes is over the 16-byte limit (MessageProtocolConfig::maxMessageBytes)"},
      {"huge length prefix", std::string("\xff\xff\xff\xff", 4), ReasonCode::MessageTooLarge,
       "a message of 4294967294 bytes is over the 16-byte limit "
       "(MessageProtocolConfig::maxMessageBytes)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    MessageRecorder bad(small);
    MessageRecorder good(small);
    StringTransport badTransport;
    StringTransport goodTransport;
    badTransport.connect(bad);
    goodTransport.connect(good);
    badTransport.receive(frame(0, "before") + c.stream + frame(0, "after"));
    goodTransport.receive(frame(0, "fine"));
    CHECK(bad.on(0) == std::vector<std::string>{"before"});
    REQUIRE(badTransport.closeReason());
    CHECK(badTransport.closeReason()->code == c.code);
    CHECK(badTransport.closeReason()->detail == c.detail);
    CHECK_FALSE(goodTransport.closeReason());
    CHECK(good.on(0) == std::vector<std::string>{"fine"});
    badTransport.finish();
    goodTransport.finish();
  }
}

TEST_CASE("a message of exactly maxMessageBytes is accepted") {
  const Outcome outcome = decode(frame(4, std::string(16, 'm')), 5, {.maxMessageBytes = 16});
  CHECK(outcome.messages.size() == 1);
  CHECK_FALSE(outcome.closeReason);
}

TEST_CASE("a longer message is refused at its length prefix: the peer is told, nothing is held") {
  MessageRecorder protocol({.maxMessageBytes = 16});
  StringTransport transport;
  transport.connect(protocol);
  const std::string tooLong = frame(1, std::string(17, 'x'));
  transport.receive(tooLong.substr(0, 4));  // the prefix alone decides
  REQUIRE(transport.closeReason());
  CHECK(transport.closeReason()->code == ReasonCode::MessageTooLarge);
  CHECK(transport.takeWritten() == goodbye(ReasonCode::MessageTooLarge));
  // The rest of it, and a megabyte more, are dropped as they come: none of it is kept.
  transport.receive(tooLong.substr(4));
  for (int i = 0; i < 16; ++i) transport.receive(std::string(64 * 1024, 'y'));
  CHECK(protocol.messages().stats().incomingBytes == 0);
  CHECK(protocol.received.empty());
  transport.finish();
}

TEST_CASE("stats().incomingBytes counts the unfinished frame a stream holds") {
  MessageRecorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  const std::string message = frame(2, std::string(1000, 'm'));
  transport.receive(message.substr(0, 300));
  CHECK(protocol.messages().stats().incomingBytes == 300 - 4);  // the prefix is read already
  transport.receive(message.substr(300));
  CHECK(protocol.messages().stats().incomingBytes == 0);
  CHECK(protocol.on(2).size() == 1);
  transport.finish();
}

TEST_CASE("the first message has its own limit, maxFirstMessageBytes; later ones maxMessageBytes") {
  const MessageProtocolConfig config{.maxMessageBytes = 100, .maxFirstMessageBytes = 10};
  SUBCASE("a first message at its limit arrives, and a longer one may follow") {
    const std::string stream = frame(0, std::string(10, 'h')) + frame(0, std::string(100, 'm'));
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, stream.size()}) {
      CAPTURE(chunk);
      const Outcome outcome = decode(stream, chunk, config);
      CHECK(outcome.messages.size() == 2);
      CHECK_FALSE(outcome.closeReason);
    }
  }
  SUBCASE("a first message one byte longer closes the connection, naming the setting") {
    const Outcome outcome = decode(frame(0, std::string(11, 'h')), 3, config);
    CHECK(outcome.messages.empty());
    REQUIRE(outcome.closeReason);
    CHECK(*outcome.closeReason ==
          Reason::messageTooLarge("a first message of 11 bytes is over the 10-byte limit "
                                  "(MessageProtocolConfig::maxFirstMessageBytes)"));
  }
}

TEST_CASE("a first message limit above maxMessageBytes is refused with the fix") {
  auto death = weft::testing::expectDeath(
      [] { MessageRecorder protocol({.maxMessageBytes = 10, .maxFirstMessageBytes = 11}); });
  CHECK(death.aborted);
  CHECK(death.stderrText.find("maxFirstMessageBytes must not exceed maxMessageBytes") !=
        std::string::npos);
}

TEST_CASE("channel 255 is the framing's own: sending on it is refused with the fix") {
  auto death = weft::testing::expectDeath([] {
    MessageRecorder protocol;
    StringTransport transport;
    transport.connect(protocol);
    protocol.send(255, "x");
  });
  CHECK(death.aborted);
  CHECK(death.stderrText.find("channel 255 is reserved") != std::string::npos);
}

namespace {

const std::string kHeartbeat("\0\0\0\x02\xff\x02", 6);

// A MessageProtocol on a StringTransport whose timers run on a ManualClock.
struct Beating {
  explicit Beating(MessageProtocolConfig config = {}) : protocol(config) {
    transport.connect(protocol);
  }
  ~Beating() {
    if (transport.connected()) transport.finish();
  }
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::net::Scheduler scheduler{clock, log};
  MessageRecorder protocol;
  StringTransport transport{{.scheduler = &scheduler}};
};

}  // namespace

TEST_CASE(
    "over a stream with timers, a quiet side writes heartbeat frames: at once, then each "
    "interval it sent nothing in") {
  Beating b;
  b.protocol.messages();  // the framing starts with the first use, as connectionMade's would
  CHECK(b.transport.takeWritten() == kHeartbeat);
  b.clock.advance(5s);
  CHECK(b.transport.takeWritten() == kHeartbeat);
  b.clock.advance(2s);
  b.protocol.send(1, "busy");  // the interval ending at 10 s carried a message: no beat
  b.clock.advance(3s);
  CHECK(b.transport.takeWritten() == frame(1, "busy"));
  b.clock.advance(5s);
  CHECK(b.transport.takeWritten() == kHeartbeat);
}

TEST_CASE("heartbeat frames never reach messageReceived, at any chunk size") {
  const std::string stream = kHeartbeat + frame(0, "a") + kHeartbeat + kHeartbeat + frame(3, "b");
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    CAPTURE(chunk);
    const Outcome outcome = decode(stream, chunk);
    CHECK((outcome.messages == std::vector<ReceivedMessage>{{0, "a"}, {3, "b"}}));
    CHECK_FALSE(outcome.closeReason);
  }
}

TEST_CASE("a peer that beat and then fell silent is cut off with TimedOut; one that talks is not") {
  Beating b;
  b.transport.receive(kHeartbeat);  // it beats: from now on it is held to the timeout
  for (int i = 0; i < 10; ++i) {
    b.clock.advance(4s);
    b.transport.receive(frame(0, "still here"));
  }
  CHECK_FALSE(b.transport.closeReason());
  b.clock.advance(15s);  // the last word (at 40 s) counts for the interval ending at 45 s
  CHECK_FALSE(b.transport.closeReason());
  b.clock.advance(5s);  // the third silent interval ends: 20 s after the last word
  REQUIRE(b.transport.closeReason());
  CHECK(b.transport.aborted());  // nothing queued would ever reach a peer that is gone
  CHECK(b.transport.closeReason()->code == ReasonCode::TimedOut);
  CHECK(b.transport.closeReason()->detail ==
        "nothing heard from the other side for 15s (it stopped beating)");
  CHECK(b.protocol.received.size() == 10);
}

TEST_CASE("a peer that never beats is never cut off for being quiet") {
  Beating b;
  b.transport.receive(frame(0, "hello"));  // the framing starts; this peer has no heartbeat
  b.clock.advance(1h);
  CHECK_FALSE(b.transport.closeReason());
  CHECK(b.protocol.received.size() == 1);
}

TEST_CASE("no heartbeat once disconnecting, after the connection ends, or with interval zero") {
  SUBCASE("disconnect") {
    Beating b;
    b.protocol.messages().disconnect(ReasonCode::Done);
    b.transport.clear();
    b.clock.advance(1min);
    CHECK(b.transport.written().empty());
  }
  SUBCASE("the connection ended") {
    Beating b;
    b.transport.receive(kHeartbeat);
    b.transport.finish();
    b.transport.clear();
    b.clock.advance(1min);
    CHECK(b.transport.written().empty());
    CHECK(b.scheduler.pendingCount() == 0);
  }
  SUBCASE("interval zero") {
    Beating b({.heartbeat = {.interval = weft::net::Duration::zero()}});
    b.transport.receive(kHeartbeat + frame(0, "x"));
    b.clock.advance(1min);
    CHECK(b.transport.written().empty());
    CHECK_FALSE(b.transport.closeReason());
  }
}

TEST_CASE("a heartbeat config whose timeout is not more than twice its interval is refused") {
  auto death = weft::testing::expectDeath([] {
    MessageRecorder protocol(
        {.heartbeat = {.interval = std::chrono::seconds(5), .timeout = std::chrono::seconds(10)}});
  });
  CHECK(death.aborted);
  CHECK(death.stderrText.find("more than twice") != std::string::npos);
}
