// Window: SDL's video subsystem, one window and its SDL_Renderer, as one RAII value —
// accelerated with vsync when the machine has it, the software renderer otherwise (and
// headless under SDL_VIDEODRIVER=dummy), saying which it got.
// Tests: tests/engine/app/app_test.cpp
#pragma once

#include <SDL.h>

#include <memory>
#include <string>

#include "net/core/logger.h"
#include "net/core/result.h"

namespace weft::engine {

struct WindowConfig {
  std::string title = "weft";
  int width = 1280;   // > 0
  int height = 720;   // > 0
  bool vsync = true;  // ask the renderer to present in step with the display
  bool resizable = true;
  bool headless = false;  // SDL's dummy video driver: no display, software renderer (tests, CI)
  bool software = false;  // skip the accelerated renderer even when there is one
  net::Logger* logger = nullptr;  // which renderer was chosen; null: stderr
};

class Window {
 public:
  // Initialises SDL video (reference-counted: several windows may coexist), opens the window
  // and its renderer. The error names what SDL refused, with SDL's reason.
  static net::Result<std::unique_ptr<Window>> open(const WindowConfig& config);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  SDL_Window* sdlWindow() const { return window_; }
  SDL_Renderer* renderer() const { return renderer_; }
  bool vsync() const { return vsync_; }              // present waits for the display
  bool accelerated() const { return accelerated_; }  // a GPU renderer, not software
  std::string rendererName() const { return rendererName_; }
  // The drawable size in pixels (what a screenshot captures).
  SDL_Point outputSize() const;

 private:
  Window() = default;

  bool videoInitialised_ = false;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  bool vsync_ = false;
  bool accelerated_ = false;
  std::string rendererName_;
};

}  // namespace weft::engine
