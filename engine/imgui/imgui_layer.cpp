#include "engine/imgui/imgui_layer.h"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>

#include "net/core/assert.h"

namespace weft::engine {
namespace {

bool isKeyboardEvent(Uint32 type) {
  return type == SDL_KEYDOWN || type == SDL_KEYUP || type == SDL_TEXTINPUT ||
         type == SDL_TEXTEDITING;
}

bool isMouseEvent(Uint32 type) {
  return type == SDL_MOUSEMOTION || type == SDL_MOUSEBUTTONDOWN || type == SDL_MOUSEBUTTONUP ||
         type == SDL_MOUSEWHEEL;
}

bool isRelease(Uint32 type) {
  return type == SDL_KEYUP || type == SDL_MOUSEBUTTONUP;
}

}  // namespace

ImGuiLayer::ImGuiLayer(SDL_Window* window, SDL_Renderer* renderer, ImGuiLayerConfig config)
    : logger_(net::loggerOr(config.logger)) {
  WEFT_ASSERT(window != nullptr && renderer != nullptr,
              "ImGuiLayer needs the SDL window and renderer it draws into");
  IMGUI_CHECKVERSION();
  context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  if (!config.saveIniFile) io.IniFilename = nullptr;
  fonts_ = loadFonts(*io.Fonts, config.fonts, logger_);
  ImGui_ImplSDL2_InitForSDLRenderer(window);
  ImGui_ImplSDLRenderer_Init(renderer);
}

ImGuiLayer::~ImGuiLayer() {
  makeCurrent();
  if (inFrame_) ImGui::EndFrame();
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext(context_);
}

void ImGuiLayer::add(Overlay& overlay) {
  WEFT_ASSERT(std::find(overlays_.begin(), overlays_.end(), &overlay) == overlays_.end(),
              "ImGuiLayer::add: this overlay was already added");
  overlays_.push_back(&overlay);
}

void ImGuiLayer::remove(Overlay& overlay) {
  overlays_.erase(std::remove(overlays_.begin(), overlays_.end(), &overlay), overlays_.end());
}

bool ImGuiLayer::handleEvent(const SDL_Event& event) {
  makeCurrent();
  bool used = false;
  for (Overlay* overlay : overlays_) {
    const EventUse use = overlay->handleEvent(event);
    if (use == EventUse::Swallowed) return true;
    if (use == EventUse::Consumed) {
      used = true;
      break;
    }
  }
  ImGui_ImplSDL2_ProcessEvent(&event);
  if (used) return true;
  if (isRelease(event.type)) return false;
  const ImGuiIO& io = ImGui::GetIO();
  if (isKeyboardEvent(event.type)) return io.WantCaptureKeyboard || io.WantTextInput;
  if (isMouseEvent(event.type)) return io.WantCaptureMouse;
  return false;
}

void ImGuiLayer::beginFrame() {
  makeCurrent();
  WEFT_ASSERT(!inFrame_, "ImGuiLayer::beginFrame twice: call endFrame() first");
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  inFrame_ = true;
}

void ImGuiLayer::draw(net::TimePoint now) {
  makeCurrent();
  WEFT_ASSERT(inFrame_, "ImGuiLayer::draw outside a frame: call beginFrame() first");
  for (Overlay* overlay : overlays_) overlay->draw(now);
}

void ImGuiLayer::endFrame() {
  makeCurrent();
  WEFT_ASSERT(inFrame_, "ImGuiLayer::endFrame without beginFrame()");
  ImGui::Render();
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  inFrame_ = false;
}

void ImGuiLayer::makeCurrent() const {
  ImGui::SetCurrentContext(context_);
}

}  // namespace weft::engine
