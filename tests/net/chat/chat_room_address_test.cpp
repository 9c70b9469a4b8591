// ChatRoom's per-address cap (ChatRoomConfig::maxPerAddress): one IP address cannot take the
// whole room, under a ManualClock.

#include <algorithm>

#include "net/chat/chat_room.h"
#include "net/testing/recording_logger.h"
#include "tests/net/chat/chat_room_support.h"

using namespace weft::test;
using weft::net::ChatKind;
using weft::net::ChatResume;
using weft::net::ChatTime;
using weft::net::ReasonCode;

namespace {
weft::net::Address from(std::string_view host, std::uint16_t port = 40000) {
  return *weft::net::Address::fromNumeric(host, port);
}
}  // namespace

TEST_CASE("one address holds at most maxPerAddress places; the next is told why, others join") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.maxPerAddress = 3; }));
  for (std::uint16_t port = 40000; port < 40003; ++port) {
    RecordingChatMember& m = f.members.emplace_back();
    REQUIRE(f.room.admit(m, from("127.0.0.1", port)).has_value());
  }
  CHECK(f.room.placesHeldBy(from("127.0.0.1")) == 3);
  RecordingChatMember& fourth = f.members.emplace_back();
  const ChatRoom::Admission refused = f.room.admit(fourth, from("::ffff:127.0.0.1", 40003));
  CHECK_FALSE(refused.has_value());
  CHECK(refused.refusal.code == ChatRoom::kTooManyFromAddressCode);
  CHECK(static_cast<std::uint32_t>(refused.refusal.code) == 2005);
  CHECK(refused.refusal.detail == "Too many connections from your address, try later");
  RecordingChatMember& other = f.members.emplace_back();
  CHECK(f.room.admit(other, from("127.0.0.2")).has_value());  // a second host still gets in
  CHECK(f.room.placesTaken() == 4);
}

TEST_CASE("a place an address gave back, by leaving or being dismissed, can be taken again") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.maxPerAddress = 1; }));
  RecordingChatMember& first = f.members.emplace_back();
  const auto firstId = *f.room.admit(first, from("10.0.0.5"));
  RecordingChatMember& second = f.members.emplace_back();
  REQUIRE_FALSE(f.room.admit(second, from("10.0.0.5")).has_value());
  f.room.join(firstId, "anna");
  f.room.input(firstId, "/quit");
  REQUIRE(first.dismissal.has_value());
  const auto secondId = f.room.admit(second, from("10.0.0.5"));
  REQUIRE(secondId.has_value());
  f.room.leave(*secondId);
  CHECK(f.room.placesHeldBy(from("10.0.0.5")) == 0);
  CHECK(f.room.admit(f.members.emplace_back(), from("10.0.0.5")).has_value());
}

TEST_CASE("an address at its limit takes no silent newcomer's place in a full room") {
  RoomFixture f(configured([](ChatRoomConfig& c) {
    c.maxMembers = 2;
    c.maxPerAddress = 1;
    c.nameTimeout = 10s;
  }));
  RecordingChatMember& silent = f.members.emplace_back();
  REQUIRE(f.room.admit(silent, from("10.0.0.1")).has_value());
  RecordingChatMember& named = f.members.emplace_back();
  f.room.join(*f.room.admit(named, from("10.0.0.2")), "anna");
  f.clock.advance(11s);
  const auto again = f.room.admit(f.members.emplace_back(), from("10.0.0.1"));
  CHECK(again.refusal.code == ChatRoom::kTooManyFromAddressCode);
  CHECK_FALSE(silent.dismissal.has_value());
  // A third host does take the silent one's place, as before.
  CHECK(f.room.admit(f.members.emplace_back(), from("10.0.0.3")).has_value());
  CHECK(silent.dismissal.has_value());
}

TEST_CASE("a full room still says it is full, whatever the address holds") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.maxMembers = 1; }));
  f.join("anna");
  const auto late = f.room.admit(f.members.emplace_back(), from("10.0.0.9"));
  CHECK_FALSE(late.has_value());
  CHECK(late.refusal.code == ChatRoom::kRoomFullCode);
  CHECK(late.refusal.detail == ChatRoom::kRoomFull);
}

TEST_CASE("maxPerAddress 0 sets no limit; connections without an address are never counted") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.maxPerAddress = 0; }));
  for (int i = 0; i < 50; ++i) {
    REQUIRE(f.room.admit(f.members.emplace_back(), from("127.0.0.1")).has_value());
  }
  RoomFixture g(configured([](ChatRoomConfig& c) { c.maxPerAddress = 1; }));
  for (int i = 0; i < 5; ++i) REQUIRE(g.room.admit(g.members.emplace_back()).has_value());
}

TEST_CASE("refusals from one address are logged once while it stays at its limit") {
  weft::testing::RecordingLogger log;
  RoomFixture f(configured([&](ChatRoomConfig& c) {
    c.maxPerAddress = 1;
    c.logger = &log;
  }));
  const auto id = *f.room.admit(f.members.emplace_back(), from("10.0.0.1"));
  for (int i = 0; i < 100; ++i) f.room.admit(f.members.emplace_back(), from("10.0.0.1"));
  const auto refusals = [&] {
    return std::count_if(log.lines.begin(), log.lines.end(), [](const auto& line) {
      return line.message.find("too many connections from 10.0.0.1 (1): refused") !=
             std::string::npos;
    });
  };
  CHECK(refusals() == 1);
  f.room.leave(id);
  f.room.admit(f.members.emplace_back(), from("10.0.0.1"));
  f.room.admit(f.members.emplace_back(), from("10.0.0.1"));
  CHECK(refusals() == 2);
}
