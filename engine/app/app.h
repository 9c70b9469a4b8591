// App: a window, the ImGui layer and the game loop around a game, pumping the given reactor
// once per frame — SDL events go through the overlays to the game, and --frames/--screenshot
// let the same program run headless in tests and CI.
// Tests: tests/engine/app/app_test.cpp
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "engine/app/sdl_game.h"
#include "engine/app/window.h"
#include "engine/imgui/imgui_layer.h"
#include "engine/loop/game_loop.h"
#include "net/core/reactor.h"

namespace weft::engine {

// What a player or a test chooses on the command line (see app_cli.h).
struct AppOptions {
  std::uint64_t frames = 0;              // end after this many frames; 0: until the player quits
  std::filesystem::path screenshotPath;  // empty: none
  // The frame (from 1) whose picture is saved; 0: the last of `frames`, or the first.
  std::uint64_t screenshotFrame = 0;
  bool vsync = true;      // when the renderer has it; otherwise the limiter paces at fpsLimit
  double fpsLimit = 60;   // without vsync; 0: as fast as it goes
  bool headless = false;  // SDL's dummy video driver (also honoured from SDL_VIDEODRIVER)
};

struct AppConfig {
  AppOptions options;
  WindowConfig window;     // options.vsync and options.headless override its fields
  ImGuiLayerConfig imgui;  // a null logger here and in `window`: the reactor's
  GameLoopConfig loop;     // pacing and frameInterval come from options
  SDL_Color clearColor{20, 22, 28, 255};
};

class App {
 public:
  // Opens the window and the ImGui layer; `reactor` (and its clock, which times the loop) must
  // outlive the App. The error says what SDL refused.
  static net::Result<std::unique_ptr<App>> open(net::Reactor& reactor, AppConfig config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Runs `game` until the player quits, requestQuit(), or options.frames. An error when the
  // screenshot could not be saved (the game still ran to the end).
  net::Result<void> run(SdlGame& game);
  // Ends run() after the current frame.
  void requestQuit() { quitRequested_ = true; }

  Window& window() { return *window_; }
  ImGuiLayer& imgui() { return *imgui_; }  // add overlays here before run()
  GameLoop& loop() { return *loop_; }
  const AppOptions& options() const { return config_.options; }

 private:
  class LoopGame;
  App(net::Reactor& reactor, AppConfig config);

  net::Reactor& reactor_;
  AppConfig config_;
  std::unique_ptr<Window> window_;
  std::unique_ptr<ImGuiLayer> imgui_;
  std::unique_ptr<GameLoop> loop_;
  bool quitRequested_ = false;
};

}  // namespace weft::engine
