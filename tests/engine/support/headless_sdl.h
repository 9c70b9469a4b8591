// HeadlessSdl: SDL video on the dummy driver with a software renderer, for engine tests that
// need a real SDL_Window and SDL_Renderer without a display.
// Tests: used by tests/engine/imgui/imgui_layer_test.cpp and the overlays' screenshot tests
#pragma once

#include <SDL.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <utility>

#include "engine/app/screenshot.h"
#include "engine/imgui/imgui_layer.h"

namespace weft::testing {

class HeadlessSdl {
 public:
  explicit HeadlessSdl(int width = 320, int height = 240) {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    REQUIRE_MESSAGE(SDL_Init(SDL_INIT_VIDEO) == 0, SDL_GetError());
    window = SDL_CreateWindow("weft test", 0, 0, width, height, 0);
    REQUIRE_MESSAGE(window != nullptr, SDL_GetError());
    renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    REQUIRE_MESSAGE(renderer != nullptr, SDL_GetError());
  }
  ~HeadlessSdl() {
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
  }
  HeadlessSdl(const HeadlessSdl&) = delete;
  HeadlessSdl& operator=(const HeadlessSdl&) = delete;

  // One frame of `layer`'s overlays over a game that is just `clear`, read back the way App's
  // screenshots are: what the player would see.
  engine::Image frame(engine::ImGuiLayer& layer, SDL_Color clear, net::TimePoint now) {
    SDL_SetRenderDrawColor(renderer, clear.r, clear.g, clear.b, clear.a);
    SDL_RenderClear(renderer);
    layer.beginFrame();
    layer.draw(now);
    layer.endFrame();
    auto image = engine::readPixels(renderer);
    REQUIRE_MESSAGE(image.ok(), (image.ok() ? "" : image.error().message));
    return std::move(*image);
  }

  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
};

}  // namespace weft::testing
