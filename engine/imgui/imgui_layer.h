// ImGuiLayer: the Dear ImGui context and its SDL2 + SDL_Renderer backends for one window, and
// the overlays drawn over the game — it routes each SDL event to the overlays, then ImGui, and
// tells the game whether it may still act on it (typing in chat must not move the player).
// Tests: tests/engine/imgui/imgui_layer_test.cpp
#pragma once

#include <SDL.h>

#include <memory>
#include <vector>

#include "engine/imgui/fonts.h"
#include "engine/overlay.h"
#include "net/core/clock.h"
#include "net/core/logger.h"

struct ImGuiContext;

namespace weft::engine {

struct ImGuiLayerConfig {
  FontConfig fonts;
  bool saveIniFile = false;       // imgui.ini (window positions); off: programs leave no files
  net::Logger* logger = nullptr;  // where font choices go; null: stderr; must outlive the layer
};

class ImGuiLayer {
 public:
  // `window` and `renderer` must outlive the layer. Creates its own ImGui context and makes it
  // current; every method below makes it current again, so several layers may coexist.
  ImGuiLayer(SDL_Window* window, SDL_Renderer* renderer, ImGuiLayerConfig config = {});
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;

  // Adds an overlay (not owned; it must outlive the layer or be removed). Overlays see events
  // and draw in the order they were added.
  void add(Overlay& overlay);
  void remove(Overlay& overlay);

  // Offers `event` to the overlays in order until one uses it, then to ImGui unless an overlay
  // swallowed it. Returns true when the game must not act on it: an overlay used it, or ImGui
  // wants the keyboard (key and text events) or the mouse (mouse events) — except releases
  // (key up, button up), which reach the game so a key pressed before ImGui took focus does
  // not stay held in the game.
  bool handleEvent(const SDL_Event& event);

  // One frame: beginFrame(), then the game's own ImGui calls and draw(now) in any order, then
  // endFrame() renders ImGui's draw lists into the renderer (the caller presents).
  void beginFrame();
  void draw(net::TimePoint now);  // every overlay's draw(now), in order
  void endFrame();

  ImGuiContext* context() const { return context_; }
  const LoadedFonts& fonts() const { return fonts_; }

 private:
  void makeCurrent() const;

  net::Logger& logger_;
  ImGuiContext* context_ = nullptr;
  std::vector<Overlay*> overlays_;
  LoadedFonts fonts_;
  bool inFrame_ = false;
};

}  // namespace weft::engine
