// SdlGame: what a game hands to App — the SDL events the overlays left to it, fixed-step
// updates, and drawing into the renderer (with ImGui calls allowed) at the interpolation alpha.
// Tests: tests/engine/app/app_test.cpp
#pragma once

#include <SDL.h>

#include "net/core/clock.h"

namespace weft::engine {

class SdlGame {
 public:
  virtual ~SdlGame() = default;
  // An event no overlay used and ImGui did not want (the player is not typing in chat).
  // SDL_QUIT is seen here too, just before the App stops.
  virtual void handleEvent(const SDL_Event&) {}
  // One fixed step of simulated time.
  virtual void update(net::Duration step) = 0;
  // Draws the frame into `renderer`, already cleared; ImGui's frame is open, so the game may
  // add its own ImGui windows. The overlays are drawn over it afterwards.
  virtual void render(SDL_Renderer& renderer, double alpha) = 0;
};

}  // namespace weft::engine
