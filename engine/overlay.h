// Overlay: a widget drawn over the game with Dear ImGui (chat, net graph) that sees each SDL
// event before the game does and says whether the game may still act on it — typing in chat
// must not move the player.
// Tests: tests/engine/imgui/imgui_layer_test.cpp
#pragma once

#include <SDL.h>

#include <cstdint>

#include "net/core/clock.h"

namespace weft::engine {

// What an overlay did with an event.
enum class EventUse : std::uint8_t {
  Ignored,    // not for this overlay: later overlays, ImGui and the game see it
  Consumed,   // used: ImGui still sees it (it may be typing into a field), the game does not
  Swallowed,  // used up: nobody else sees it — the 't' text event after T opened the chat
};

class Overlay {
 public:
  virtual ~Overlay() = default;
  // Called for every SDL event, before ImGui and the game, in the order overlays were added.
  virtual EventUse handleEvent(const SDL_Event& event) = 0;
  // Builds this frame's ImGui windows; called once per frame between ImGui::NewFrame and
  // ImGui::Render, with the frame's time.
  virtual void draw(net::TimePoint now) = 0;
};

}  // namespace weft::engine
