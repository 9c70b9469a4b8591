// Every chat front closes a connection that never says hello, full room or not: 64 ENet peers
// that connect and stay silent (real sockets on loopback) are closed after the hello timeout and
// a latecomer the full front refused then joins; the framed TCP game front and the telnet front
// on StringTransports whose timers run on a ManualClock.

#include <doctest/doctest.h>

#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "net/chat/chat_client.h"
#include "net/chat/chat_room.h"
#include "net/chat/chat_wire.h"
#include "net/chat/game_chat.h"
#include "net/chat/telnet_chat.h"
#include "net/core/byte_reader.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "net/testing/recording_logger.h"
#include "net/testing/string_transport.h"
#include "tests/net/chat/chat_session_support.h"
#include "tests/net/core/loopback.h"
#include "tests/net/enet/enet_support.h"
#include "tests/support/printers.h"

using namespace weft::net;
using namespace std::chrono_literals;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingChatMember;
using weft::testing::RecordingLogger;
using weft::testing::StringTransport;
using Lines = std::vector<std::string>;

namespace {

ChatRoomConfig freeTalk() {
  ChatRoomConfig config;
  config.rate.perSecond = 0;
  return config;
}

// The chat messages in a framed stream, one line each (WIRE.md); heartbeats are left out.
Lines framedLines(std::string_view stream) {
  Lines out;
  while (stream.size() >= 5) {
    ByteReader reader(stream);
    const std::uint32_t length = reader.u32();
    REQUIRE(stream.size() >= 4 + length);
    const std::string_view frame = stream.substr(4, length);
    stream.remove_prefix(4 + length);
    if (static_cast<std::uint8_t>(frame[0]) == 255) continue;  // the framing's own
    out.push_back(weft::test::serverLine(frame.substr(1)));
  }
  return out;
}

}  // namespace

TEST_CASE(
    "64 ENet peers that never say hello are closed after the hello timeout, and the latecomer "
    "the full front refused joins") {
  constexpr int kPeers = 64;
  constexpr auto kHelloTimeout = 300ms;
  SteadyClock clock;  // ENet keeps its own time: real time, bounded by pumpUntil's deadlines
  RecordingLogger log;
  ChatRoomConfig roomConfig = freeTalk();
  roomConfig.maxPerAddress = 0;  // 64 machines on a LAN, here all on 127.0.0.1
  ChatRoom room(clock, roomConfig);
  GameChatFactory front(room, {.helloTimeout = kHelloTimeout});
  weft::test::MessageClientFactory silent;  // connects and says nothing, ever
  Reactor reactor(clock, weft::test::quietConfig(log));
  auto port = reactor.listen(weft::test::enetServer(kPeers), front);
  REQUIRE_MESSAGE(port.ok(), (port.ok() ? "" : port.error().message));

  std::vector<std::unique_ptr<Connector>> idle;
  for (int i = 0; i < kPeers; ++i) {
    idle.push_back(reactor.connect(weft::test::enetClient((*port)->address()), silent));
  }
  REQUIRE(pumpUntil(
      reactor, [&] { return silent.records.size() == kPeers && room.placesTaken() == kPeers; }));
  const auto full = std::chrono::steady_clock::now();

  ChatClientConfig config;
  config.name = "anna";
  config.reconnect.jitter = 0;
  ChatClient late(reactor, weft::test::enetClient((*port)->address()), config);
  REQUIRE(pumpUntil(reactor, [&] { return late.state() == ChatState::Reconnecting; }));
  REQUIRE(late.lastProblem().has_value());
  CHECK(late.lastProblem()->code == ReasonCode::ServerFull);  // the front is full of silence

  REQUIRE(pumpUntil(reactor, [&] { return silent.lost.size() == kPeers; }));
  const auto held = std::chrono::steady_clock::now() - full;
  MESSAGE("64 silent ENet peers held the front for "
          << std::chrono::duration_cast<std::chrono::milliseconds>(held).count()
          << " ms (hello timeout " << kHelloTimeout.count() << " ms)");
  CHECK(held >= kHelloTimeout);
  for (const Reason& reason : silent.lost) CHECK(reason.code == ChatRoom::kNameTimeout);
  for (const auto& side : silent.records) {
    // They were told why, in a Goodbye that allows a retry, before the disconnect.
    REQUIRE(side.on(kChatChannel).size() == 2);
    CHECK(weft::test::serverLine(side.on(kChatChannel)[1]) ==
          "goodbye 2003 retry: no name given in time");
  }

  REQUIRE(pumpUntil(reactor, [&] { return late.state() == ChatState::Joined; }));
  CHECK(room.memberCount() == 1);
  CHECK(late.members() == Lines{"anna"});
  late.stop();
  REQUIRE(pumpUntil(reactor, [&] { return room.placesTaken() == 0; }));
}

TEST_CASE(
    "the framed TCP game front closes a client that says no hello in time, not one that did") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler timers(clock, log);
  RecordingChatMember bob;
  ChatRoom room(clock, freeTalk());
  room.join(*room.admit(bob), "bob");
  GameChatStats stats;
  GameChatProtocol silent(room, stats, {.helloTimeout = 10s});
  GameChatProtocol anna(room, stats, {.helloTimeout = 10s});
  StringTransport silentEnd({.scheduler = &timers});
  StringTransport annaEnd({.scheduler = &timers});
  silentEnd.connect(silent);
  annaEnd.connect(anna);
  clock.advance(9s);
  std::string hello = weft::test::helloBytes("anna");
  ByteWriter frame;
  frame.u32(static_cast<std::uint32_t>(hello.size() + 1)).u8(kChatChannel).bytes(hello);
  annaEnd.receive(frame.data());
  clock.advance(1s);

  REQUIRE(silentEnd.closeReason().has_value());
  CHECK(silentEnd.closeReason()->code == ChatRoom::kNameTimeout);
  CHECK(framedLines(silentEnd.written()) ==
        Lines{"- private: You took too long to choose a name; try again later.",
              "goodbye 2003 retry: no name given in time"});
  CHECK_FALSE(annaEnd.closeReason().has_value());
  clock.advance(1min);
  CHECK_FALSE(annaEnd.closeReason().has_value());  // joined: no hello timeout any more
  CHECK(room.memberCount() == 2);
  CHECK(bob.take().back() == "2 join anna: All welcome anna, client no. 2!");
  silentEnd.finish();
  annaEnd.finish();
  CHECK(room.placesTaken() == 1);
}

TEST_CASE(
    "a telnet user who gives no name in TelnetChatConfig::helloTimeout is closed, room "
    "full or not") {
  ManualClock clock;
  RecordingLogger log;
  Scheduler timers(clock, log);
  ChatRoom room(clock, freeTalk());
  TelnetChatProtocol idle(room, {});
  TelnetChatProtocol anna(room, {});
  StringTransport idleEnd({.scheduler = &timers});
  StringTransport annaEnd({.scheduler = &timers});
  idleEnd.connect(idle);
  annaEnd.connect(anna);
  CHECK(idleEnd.takeWritten() == "Whats your name?\r\n");
  clock.advance(4min + 59s);
  annaEnd.receive("anna\r\n");
  CHECK_FALSE(idleEnd.closeReason().has_value());  // a person gets minutes, not seconds
  clock.advance(1s);
  CHECK(idleEnd.takeWritten() == "<You took too long to choose a name; try again later.>\r\n");
  REQUIRE(idleEnd.closeReason().has_value());
  CHECK(idleEnd.closeReason()->code == ChatRoom::kNameTimeout);
  CHECK(room.placesTaken() == 1);
  clock.advance(1h);
  CHECK_FALSE(annaEnd.closeReason().has_value());
  idleEnd.finish();
  annaEnd.finish();
}
