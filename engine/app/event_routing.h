// routeEvents: the adapter for games that keep their own loop — drain SDL's event queue through
// the ImGui layer and hand the game only what the overlays and ImGui left; with
// reactor.pump(budget) once per frame, that is all an existing game needs to embed weft.
// Tests: tests/engine/app/app_test.cpp
#pragma once

#include <SDL.h>

#include <functional>

#include "engine/imgui/imgui_layer.h"

namespace weft::engine {

// Per frame, in a game's own loop:
//   if (!routeEvents(layer, [&](const SDL_Event& e) { game.onEvent(e); })) quit();
//   reactor.pump(std::chrono::milliseconds(2));
//   game.update(); layer.beginFrame(); game.draw(); layer.draw(clock.now()); layer.endFrame();
//   SDL_RenderPresent(renderer);
//
// Polls at most `maxEvents` events (the rest wait for the next frame, so an event storm cannot
// stall one). Each goes to layer.handleEvent, and to `onEvent` unless the layer says the game
// must not act on it; SDL_QUIT always reaches `onEvent`. Returns false once SDL_QUIT was seen.
bool routeEvents(ImGuiLayer& layer, const std::function<void(const SDL_Event&)>& onEvent,
                 int maxEvents = 1024);

}  // namespace weft::engine
