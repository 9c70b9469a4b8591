#include "engine/app/event_routing.h"

namespace weft::engine {

bool routeEvents(ImGuiLayer& layer, const std::function<void(const SDL_Event&)>& onEvent,
                 int maxEvents) {
  bool keepRunning = true;
  SDL_Event event;
  for (int i = 0; i < maxEvents && SDL_PollEvent(&event) != 0; ++i) {
    const bool taken = layer.handleEvent(event);
    if (event.type == SDL_QUIT) keepRunning = false;
    if (!taken || event.type == SDL_QUIT) onEvent(event);
  }
  return keepRunning;
}

}  // namespace weft::engine
