// Shared by the chat overlay tests: a chat room listening on loopback with a local member
// ("bob") who talks, a headless SDL window with an ImGuiLayer, and built SDL events.
#pragma once

#include <SDL.h>
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "engine/imgui/imgui_layer.h"
#include "engine/support/headless_sdl.h"
#include "net/chat/chat_room.h"
#include "net/chat/game_chat.h"
#include "net/core/loopback.h"
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

inline SDL_Event key(SDL_Keycode sym, Uint32 type = SDL_KEYDOWN, Uint16 mod = KMOD_NONE) {
  SDL_Event event{};
  event.type = type;
  event.key.keysym.sym = sym;
  event.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
  event.key.keysym.mod = mod;
  event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
  return event;
}

inline SDL_Event text(const char* utf8) {
  SDL_Event event{};
  event.type = SDL_TEXTINPUT;
  SDL_strlcpy(event.text.text, utf8, sizeof(event.text.text));
  return event;
}

}  // namespace weft::test
