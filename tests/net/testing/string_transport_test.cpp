#include "net/testing/string_transport.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/support/printers.h"

using weft::net::Address;
using weft::net::Producer;
using weft::net::Protocol;
using weft::net::Reason;
using weft::testing::StringTransport;
using weft::testing::StringTransportConfig;

namespace {

class Recorder final : public Protocol {
 public:
  void connectionMade() override { events.push_back("made"); }
  void dataReceived(std::string_view data) override {
    events.push_back("data:" + std::string(data));
    if (data == "pause") transport().pauseReading();
  }
  void connectionLost(const Reason& reason) override {
    events.push_back("lost:" + reason.sentence());
  }
  std::vector<std::string> events;
};

class CountingProducer final : public Producer {
 public:
  void pauseProducing() override { events.push_back("pause"); }
  void resumeProducing() override { events.push_back("resume"); }
  void stopProducing() override { events.push_back("stop"); }
  std::vector<std::string> events;
};

using Events = std::vector<std::string>;

}  // namespace

TEST_CASE("connect, receive and finish drive the protocol's three callbacks in order") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  CHECK(protocol.connected());
  transport.receive("hello");
  transport.finish();
  CHECK(protocol.events == Events{"made", "data:hello", "lost:Connection closed"});
  CHECK_FALSE(protocol.connected());
  CHECK_FALSE(transport.connected());
}

TEST_CASE("written holds every write and writeSequence until cleared or taken") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.write("ab");
  const std::string_view pieces[] = {"c", "", "de"};
  transport.writeSequence(pieces);
  CHECK(transport.written() == "abcde");
  CHECK(transport.takeWritten() == "abcde");
  CHECK(transport.written().empty());
  transport.write("f");
  transport.clear();
  CHECK(transport.written().empty());
}

TEST_CASE("loseConnection records the first reason and drops later writes") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  CHECK_FALSE(transport.disconnecting());
  transport.write("before");
  transport.loseConnection(Reason::lineTooLong("too long"));
  transport.loseConnection(Reason::done());
  transport.write("after");
  CHECK(transport.disconnecting());
  CHECK_FALSE(transport.aborted());
  CHECK(transport.written() == "before");
  CHECK(transport.bufferedBytes() == 6);  // a clean close still sends what was written
  CHECK(transport.closeReason() == Reason::lineTooLong("too long"));
  transport.finish();
  CHECK(protocol.events.back() == "lost:Line too long: too long");
}

TEST_CASE("abortConnection overrides a pending close and drops what was buffered") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.write("unsent");
  transport.loseConnection();
  transport.abortConnection();
  CHECK(transport.aborted());
  CHECK(transport.closeReason() == Reason::aborted());
  CHECK(transport.bufferedBytes() == 0);
}

TEST_CASE("finish with a reason is the peer ending the connection") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.finish(Reason::lost("reset by peer"));
  CHECK(protocol.events.back() == "lost:Connection lost: reset by peer");
}

TEST_CASE("peer and host default to loopback addresses and can be configured") {
  StringTransport plain;
  CHECK(plain.peer().toString() == "127.0.0.1:40000");
  CHECK(plain.host().toString() == "127.0.0.1:8007");

  StringTransportConfig config;
  config.peer = Address::loopbackIPv6(5555);
  StringTransport configured(config);
  CHECK(configured.peer().toString() == "[::1]:5555");
}

TEST_CASE("bytes received while reading is paused wait for resumeReading, in order") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  transport.receive("pause");
  CHECK(transport.readingPaused());
  transport.receive("one");
  transport.receive("two");
  CHECK(protocol.events == Events{"made", "data:pause"});
  transport.resumeReading();
  CHECK_FALSE(transport.readingPaused());
  CHECK(protocol.events == Events{"made", "data:pause", "data:onetwo"});
}

TEST_CASE("a producer pauses above the high-water mark and resumes at the low one") {
  StringTransportConfig config;
  config.highWaterMark = 10;
  config.lowWaterMark = 4;
  Recorder protocol;
  StringTransport transport(config);
  transport.connect(protocol);
  CountingProducer producer;
  transport.registerProducer(producer);

  transport.write("0123456789");  // at the mark, not above it
  CHECK(producer.events.empty());
  transport.write("x");
  CHECK(producer.events == Events{"pause"});
  CHECK(transport.producerPaused());
  transport.write("more");  // already paused: no second pause
  CHECK(producer.events == Events{"pause"});

  transport.drain(10);  // 5 left: between the marks, still paused
  CHECK(transport.bufferedBytes() == 5);
  CHECK(producer.events == Events{"pause"});
  transport.drain(1);
  CHECK(producer.events == Events{"pause", "resume"});
  CHECK_FALSE(transport.producerPaused());
}

TEST_CASE("a producer registered above the high-water mark is paused at once") {
  StringTransportConfig config;
  config.highWaterMark = 2;
  config.lowWaterMark = 0;
  Recorder protocol;
  StringTransport transport(config);
  transport.connect(protocol);
  transport.write("abc");
  CountingProducer producer;
  transport.registerProducer(producer);
  CHECK(producer.events == Events{"pause"});
  transport.drain();
  CHECK(producer.events == Events{"pause", "resume"});
}

TEST_CASE("closing stops the producer once, and registering on a closing transport stops it") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  CountingProducer producer;
  transport.registerProducer(producer);
  transport.loseConnection();
  transport.abortConnection();
  transport.finish();
  CHECK(producer.events == Events{"stop"});

  StringTransport closing;
  Recorder other;
  closing.connect(other);
  closing.abortConnection();
  CountingProducer late;
  closing.registerProducer(late);
  CHECK(late.events == Events{"stop"});
}

TEST_CASE("an unregistered producer hears nothing more") {
  StringTransportConfig config;
  config.highWaterMark = 1;
  config.lowWaterMark = 0;
  Recorder protocol;
  StringTransport transport(config);
  transport.connect(protocol);
  CountingProducer producer;
  transport.registerProducer(producer);
  transport.unregisterProducer();
  transport.write("abc");
  transport.loseConnection();
  CHECK(producer.events.empty());
}

TEST_CASE("feedInChunks splits the stream into pieces of the given size") {
  Recorder protocol;
  StringTransport transport;
  transport.connect(protocol);
  weft::testing::feedInChunks(transport, "abcdefg", 3);
  CHECK(protocol.events == Events{"made", "data:abc", "data:def", "data:g"});
}
