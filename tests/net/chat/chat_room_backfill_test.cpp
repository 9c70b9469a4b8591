// ChatRoom's history and backfill: what a member that resumes (room id, last sequence) is
// sent before its own join, under a ManualClock.

#include <algorithm>

#include "net/chat/chat_room.h"
#include "net/testing/recording_logger.h"
#include "tests/net/chat/chat_room_support.h"

using namespace weft::test;
using weft::net::ChatKind;
using weft::net::ChatResume;
using weft::net::ChatTime;
using weft::net::ReasonCode;

TEST_CASE("history keeps the last N messages") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.historySize = 3; }));
  auto [anna, annaId] = f.join("anna");
  for (int i = 1; i <= 5; ++i) f.room.input(annaId, "m" + std::to_string(i));
  CHECK(f.room.history().size() == 3);
  CHECK(f.room.history().oldestSeq() == 4);
  CHECK(f.room.history().lastSeq() == 6);
}

TEST_CASE("a member that resumes gets what it missed, in order, once, before its own join") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");  // 1
  f.room.input(annaId, "one");           // 2
  auto [bob, bobId] = f.join("bob");     // 3
  f.room.leave(bobId);                   // 4
  f.room.input(annaId, "two");           // 5
  f.room.input(annaId, "three");         // 6

  RecordingChatMember& back = f.members.emplace_back();
  f.room.join(f.admit(back), "bob", ChatResume{.roomId = 1, .lastSeq = 3});
  REQUIRE(back.welcome.has_value());
  CHECK(back.welcome->lastSeq == 6);
  CHECK(back.welcome->oldestSeq == 1);
  CHECK(back.take() == Lines{
                           "4 leave bob: bob has gone away",
                           "5 say anna: two",
                           "6 say anna: three",
                           "7 join bob: All welcome bob, client no. 3!",
                           "- private: Use /command to execute commands and /help to get a "
                           "list of all commands.",
                       });
}

TEST_CASE("resuming with another room's id (a restarted server) backfills everything kept") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.roomId = 77; }));
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "since the restart");
  RecordingChatMember& back = f.members.emplace_back();
  f.room.join(f.admit(back), "log", ChatResume{.roomId = 76, .lastSeq = 1000});
  CHECK(back.welcome->roomId == 77);
  const Lines lines = back.take();
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "1 join anna: All welcome anna, client no. 1!");
  CHECK(lines[1] == "2 say anna: since the restart");
  CHECK(lines[2] == "3 join log: All welcome log, client no. 2!");
}

TEST_CASE("a resume older than history gets what is kept, and the welcome shows the gap") {
  RoomFixture f(configured([](ChatRoomConfig& c) { c.historySize = 2; }));
  auto [anna, annaId] = f.join("anna");
  for (int i = 1; i <= 4; ++i) f.room.input(annaId, "m" + std::to_string(i));  // 2..5
  RecordingChatMember& back = f.members.emplace_back();
  f.room.join(f.admit(back), "late", ChatResume{.roomId = 1, .lastSeq = 1});
  CHECK(back.welcome->oldestSeq == 4);  // 2 and 3 are lost: the client can say so
  const Lines lines = back.take();
  CHECK(lines[0] == "4 say anna: m3");
  CHECK(lines[1] == "5 say anna: m4");
  CHECK(lines[2] == "6 join late: All welcome late, client no. 2!");
}

TEST_CASE("a resume from lastSeq 2^64-1 replays nothing: its own join comes first") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "already seen, says the client");
  RecordingChatMember& back = f.members.emplace_back();
  f.room.join(f.admit(back), "odd", ChatResume{.roomId = 1, .lastSeq = UINT64_MAX});
  CHECK(back.take().front() == "3 join odd: All welcome odd, client no. 2!");
}

TEST_CASE("a join without resume gets no backfill") {
  RoomFixture f;
  auto [anna, annaId] = f.join("anna");
  f.room.input(annaId, "before you came");
  RecordingChatMember& fresh = f.members.emplace_back();
  f.room.join(f.admit(fresh), "fresh");
  CHECK(fresh.take().front() == "3 join fresh: All welcome fresh, client no. 2!");
}
