// Shared by the chat overlay tests: a chat room listening on loopback with a local member
// ("bob") who talks, a headless SDL window with an ImGuiLayer, and built SDL events.
#pragma once

#include <SDL.h>
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "engine/imgui/imgui_layer.h"
#include "tests/engine/support/headless_sdl.h"
#include "tests/engine/support/sdl_events.h"
#include "net/chat/chat_room.h"
#include "net/chat/game_chat.h"
#include "tests/net/core/loopback.h"
#include "net/core/port.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_chat_member.h"

namespace weft::test {

// The room on 127.0.0.1, port picked by the system, with bob already in it.
struct ChatServer {
  ChatServer() {
    auto listening = reactor.listen(tcpServer(), front);
    REQUIRE(listening.ok());
    port = std::move(*listening);
    const auto id = room.admit(bob);
    REQUIRE(id.has_value());
    bobId = *id;
    room.join(bobId, "bob");
  }
  net::Endpoint endpoint() const { return clientFor(port->address()); }
  void bobSays(std::string_view line) { room.input(bobId, line); }

  static net::ChatRoomConfig freeTalk() {
    net::ChatRoomConfig config;
    config.rate.perSecond = 0;
    return config;
  }

  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  weft::testing::RecordingChatMember bob;  // before the room: it outlives the room's last word
  net::ChatRoom room{clock, freeTalk()};
  net::GameChatFactory front{room};
  net::Reactor reactor{clock, quietConfig(log)};
  std::unique_ptr<net::Port> port;
  net::ChatRoom::MemberId bobId{};
};

using weft::testing::keyEvent;
using weft::testing::textEvent;

}  // namespace weft::test
