// Screenshot: what the player sees, read back from the renderer before it is presented, as a
// PNG (stb_image_write from Debian's libstb) — how headless tests and README images check
// what was drawn.
// Tests: tests/engine/app/app_test.cpp
#pragma once

#include <SDL.h>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "net/core/result.h"

namespace weft::engine {

// Pixels as RGBA bytes, row by row from the top.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
};

// Reads the renderer's current target (call after drawing, before SDL_RenderPresent, which
// may leave the back buffer undefined). Opaque: alpha is 255.
net::Result<Image> readPixels(SDL_Renderer* renderer);

// Writes `image` to `path` as PNG; the error names the path.
net::Result<void> writePng(const Image& image, const std::filesystem::path& path);

// readPixels then writePng.
net::Result<void> saveScreenshot(SDL_Renderer* renderer, const std::filesystem::path& path);

}  // namespace weft::engine
