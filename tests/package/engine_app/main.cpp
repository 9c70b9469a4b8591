// engine_app: an outside program on the installed weft::engine — an Overlay of its own drawn
// for one frame through the ImGui SDL2 + SDL_Renderer backends compiled into weft::engine, on
// SDL's dummy video driver, with weft::net's reactor pumped first. check.sh builds and runs it.
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "engine/overlay.h"
#include "net/core/clock.h"
#include "net/core/reactor.h"

namespace {

// Takes F1 from the game; ignores everything else.
class HelpOverlay final : public weft::engine::Overlay {
 public:
  weft::engine::EventUse handleEvent(const SDL_Event& event) override {
    const bool f1 = event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_F1;
    return f1 ? weft::engine::EventUse::Consumed : weft::engine::EventUse::Ignored;
  }
  void draw(weft::net::TimePoint) override { ImGui::TextUnformatted("F1: help"); }
};

SDL_Event keyDown(SDL_Keycode key) {
  SDL_Event event{};
  event.type = SDL_KEYDOWN;
  event.key.keysym.sym = key;
  return event;
}

}  // namespace

int main() {
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "engine_app: SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_Window* window = SDL_CreateWindow("engine_app", 0, 0, 320, 200, 0);
  SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE) : nullptr;
  if (!renderer) {
    std::fprintf(stderr, "engine_app: no window or renderer: %s\n", SDL_GetError());
    return 1;
  }
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // a check leaves no imgui.ini behind
  ImGui_ImplSDL2_InitForSDLRenderer(window);
  ImGui_ImplSDLRenderer_Init(renderer);

  weft::net::SteadyClock clock;
  weft::net::Reactor reactor(clock);
  reactor.pump(std::chrono::milliseconds(1));

  HelpOverlay overlay;
  const bool routed = overlay.handleEvent(keyDown(SDLK_F1)) == weft::engine::EventUse::Consumed &&
                      overlay.handleEvent(keyDown(SDLK_SPACE)) == weft::engine::EventUse::Ignored;
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  overlay.draw(clock.now());
  ImGui::Render();
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  const int vertices = ImGui::GetDrawData()->TotalVtxCount;
  SDL_RenderPresent(renderer);

  const bool ok = routed && vertices > 0;
  std::printf("engine_app: ImGui %s drew %d vertices; assets in %s: %s\n", IMGUI_VERSION, vertices,
              WEFT_ASSETS_DIR, ok ? "ok" : "FAILED");
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return ok ? 0 : 1;
}
