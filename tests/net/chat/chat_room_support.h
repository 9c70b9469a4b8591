// What the room tests share: a room on a ManualClock and members that record what they hear.
#pragma once

#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

#include "net/chat/chat_room.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"
#include "tests/support/printers.h"

namespace weft::test {

using namespace std::chrono_literals;
using Lines = std::vector<std::string>;
using weft::net::ChatRoom;
using weft::net::ChatRoomConfig;
using weft::testing::RecordingChatMember;

// Rate limiting off unless a test turns it on, so the other tests can talk freely.
inline ChatRoomConfig unlimited(ChatRoomConfig config = {}) {
  config.rate.perSecond = 0;
  return config;
}

// unlimited(), then changed by `change(ChatRoomConfig&)`.
template <typename Change>
ChatRoomConfig configured(Change change) {
  ChatRoomConfig config = unlimited();
  change(config);
  return config;
}

struct RoomFixture {
  explicit RoomFixture(ChatRoomConfig config = unlimited()) : room(clock, config) {}

  // A connection that has been admitted but has not named itself yet.
  ChatRoom::MemberId admit(RecordingChatMember& member) {
    auto id = room.admit(member);
    REQUIRE(id.has_value());
    return *id;
  }
  // A member that joined as `name`; what it heard while joining is forgotten.
  std::pair<RecordingChatMember*, ChatRoom::MemberId> join(std::string_view name) {
    RecordingChatMember& member = members.emplace_back();
    const ChatRoom::MemberId id = admit(member);
    room.join(id, name);
    member.take();
    return {&member, id};
  }
  // Everyone's lines so far forgotten.
  void quiet() {
    for (auto& m : members) m.take();
  }

  weft::testing::ManualClock clock;
  ChatRoom room;
  std::deque<RecordingChatMember> members;
};

}  // namespace weft::test
