// ChatClient::connectionStats against the real game front over framed TCP on loopback: none
// without a connection, the transport's counts and rates while there is one. Rates come from a
// ManualClock; I/O is pumped until a condition holds, with a deadline.

#include <doctest/doctest.h>

#include <string>

#include "net/chat/chat_client.h"
#include "net/chat/chat_wire.h"
#include "net/chat/game_chat.h"
#include "tests/net/core/loopback.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"

using namespace weft::test;
using namespace weft::net;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingChatMember;
using weft::testing::RecordingLogger;

namespace {

// A MessageProtocol frame over a byte stream: u32 length, channel byte, message (WIRE.md).
constexpr std::size_t kFrameOverhead = 5;

ChatClientConfig clientConfig(std::string name) {
  ChatClientConfig config;
  config.name = std::move(name);
  config.reconnect.jitter = 0;
  config.reconnect.seed = 1;
  return config;
}

struct Fixture {
  Fixture() : room(clock, freeTalk()), front(room) {
    auto listening = reactor.listen(tcpServer(), front);
    REQUIRE(listening.ok());
    port = std::move(*listening);
    bobId = *room.admit(bob);
    room.join(bobId, "bob");
  }
  static ChatRoomConfig freeTalk() {
    ChatRoomConfig config;
    config.rate.perSecond = 0;
    return config;
  }

  ManualClock clock;
  RecordingLogger log;
  RecordingChatMember bob;  // before the room: it outlives the room's last word
  ChatRoom room;
  GameChatFactory front;
  Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<Port> port;
  ChatRoom::MemberId bobId{};
};

}  // namespace

TEST_CASE("connectionStats is none until the client is connected, and none again once it has stopped") {
  Fixture f;
  ChatClient client(f.reactor, clientFor(f.port->address()), clientConfig("anna"));
  CHECK_FALSE(client.connectionStats().has_value());
  REQUIRE(pumpUntil(f.reactor, [&] { return client.state() == ChatClient::State::Joined; }));
  const auto stats = client.connectionStats();
  REQUIRE(stats.has_value());
  // The hello went out and the welcome came in on this connection.
  CHECK(stats->totals.bytesSent > kFrameOverhead);
  CHECK(stats->totals.bytesReceived > kFrameOverhead);
  client.stop();  // the connection closes gracefully, in a later pump
  CHECK(pumpUntil(f.reactor, [&] { return !client.connectionStats().has_value(); }));
  CHECK(client.state() == ChatClient::State::Stopped);
}

TEST_CASE("connectionStats counts what the client sends and turns it into a rate") {
  Fixture f;
  ChatClient client(f.reactor, clientFor(f.port->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(f.reactor, [&] { return client.state() == ChatClient::State::Joined; }));
  REQUIRE(pumpUntil(f.reactor, [&] { return client.lastSeq() == 2; }));  // anna's join
  const auto before = client.connectionStats();
  REQUIRE(before.has_value());

  const std::string line(300, 'x');  // under the room's 400-byte limit
  const std::size_t framed =
      kFrameOverhead + encodeChat(ChatClientMessage(ChatInput{line})).size();
  REQUIRE(client.send(line));
  REQUIRE(pumpUntil(f.reactor, [&] { return client.lastSeq() == 3; }));  // the echo
  REQUIRE(f.bob.lines.back().ends_with(line));
  f.clock.advance(std::chrono::milliseconds(500));
  const auto after = client.connectionStats();
  REQUIRE(after.has_value());
  CHECK(after->totals.bytesSent - before->totals.bytesSent == framed);
  CHECK(after->totals.packetsSent > before->totals.packetsSent);
  // The first call started the rate meter; half a second later the rate covers the send.
  CHECK(after->bytesSentPerSecond == doctest::Approx(2.0 * static_cast<double>(framed)));
  const auto received = after->totals.bytesReceived - before->totals.bytesReceived;
  CHECK(received > line.size());  // the room's echo of the line
  CHECK(after->bytesReceivedPerSecond == doctest::Approx(2.0 * static_cast<double>(received)));
}

TEST_CASE("connectionStats is none while the client waits to reconnect") {
  Fixture f;
  ChatClient client(f.reactor, clientFor(f.port->address()), clientConfig("anna"));
  REQUIRE(pumpUntil(f.reactor, [&] { return client.state() == ChatClient::State::Joined; }));
  REQUIRE(client.connectionStats().has_value());
  f.room.shutdown();  // dismisses every member; the client may come back
  REQUIRE(pumpUntil(f.reactor,
                    [&] { return client.state() == ChatClient::State::Reconnecting; }));
  CHECK_FALSE(client.connectionStats().has_value());
}
