#include "engine/imgui/imgui_layer.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/app/assets.h"
#include "tests/engine/support/headless_sdl.h"
#include "tests/engine/support/sdl_events.h"
#include "net/testing/recording_logger.h"

namespace {

using weft::engine::EventUse;
using weft::engine::FontConfig;
using weft::engine::ImGuiLayer;
using weft::engine::ImGuiLayerConfig;
using weft::testing::HeadlessSdl;
using weft::testing::keyEvent;
using weft::testing::textEvent;
using weft::testing::RecordingLogger;

// Answers every event with one EventUse (or a per-event rule), recording what it saw, and runs
// `onDraw` inside the ImGui frame.
class ScriptedOverlay final : public weft::engine::Overlay {
 public:
  explicit ScriptedOverlay(std::function<EventUse(const SDL_Event&)> rule) : rule_(std::move(rule)) {}
  EventUse handleEvent(const SDL_Event& event) override {
    seen.push_back(event.type);
    return rule_(event);
  }
  void draw(weft::net::TimePoint) override {
    ++draws;
    if (onDraw) onDraw();
  }

  std::vector<Uint32> seen;
  int draws = 0;
  std::function<void()> onDraw;

 private:
  std::function<EventUse(const SDL_Event&)> rule_;
};

EventUse ignore(const SDL_Event&) { return EventUse::Ignored; }

ImGuiLayerConfig quietConfig(RecordingLogger& logger) {
  ImGuiLayerConfig config;
  config.logger = &logger;
  return config;
}

void frame(ImGuiLayer& layer) {
  layer.beginFrame();
  layer.draw(weft::net::TimePoint{});
  layer.endFrame();
}

TEST_CASE("an overlay that consumes an event hides it from the game and later overlays, not ImGui") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayer layer(sdl.window, sdl.renderer, quietConfig(logger));
  ScriptedOverlay first([](const SDL_Event& e) {
    return e.type == SDL_KEYDOWN ? EventUse::Consumed : EventUse::Ignored;
  });
  ScriptedOverlay second(ignore);
  layer.add(first);
  layer.add(second);

  CHECK(layer.handleEvent(keyEvent(SDLK_t)));
  CHECK(first.seen == std::vector<Uint32>{SDL_KEYDOWN});
  CHECK(second.seen.empty());
  CHECK(ImGui::GetIO().KeysDown[SDL_SCANCODE_T]);
}

TEST_CASE("a swallowed event reaches neither ImGui nor the game") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayer layer(sdl.window, sdl.renderer, quietConfig(logger));
  ScriptedOverlay chat([](const SDL_Event& e) {
    return e.type == SDL_TEXTINPUT ? EventUse::Swallowed : EventUse::Ignored;
  });
  layer.add(chat);

  CHECK(layer.handleEvent(textEvent("t")));
  CHECK(ImGui::GetIO().InputQueueCharacters.Size == 0);
}

TEST_CASE("ignored events reach every overlay in order, ImGui, and the game when ImGui is idle") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayer layer(sdl.window, sdl.renderer, quietConfig(logger));
  std::vector<int> order;
  ScriptedOverlay first([&](const SDL_Event&) {
    order.push_back(1);
    return EventUse::Ignored;
  });
  ScriptedOverlay second([&](const SDL_Event&) {
    order.push_back(2);
    return EventUse::Ignored;
  });
  layer.add(first);
  layer.add(second);
  frame(layer);

  CHECK_FALSE(layer.handleEvent(keyEvent(SDLK_w)));
  CHECK_FALSE(layer.handleEvent(textEvent("w")));
  CHECK(order == std::vector<int>{1, 2, 1, 2});
  CHECK(ImGui::GetIO().KeysDown[SDL_SCANCODE_W]);
  CHECK(ImGui::GetIO().InputQueueCharacters.Size == 1);

  SUBCASE("a removed overlay sees nothing more") {
    layer.remove(first);
    CHECK_FALSE(layer.handleEvent(keyEvent(SDLK_a)));
    CHECK(first.seen.size() == 2);
    CHECK(second.seen.size() == 3);
  }
}

TEST_CASE("while an ImGui text field has the keyboard, key and text events are not the game's") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayer layer(sdl.window, sdl.renderer, quietConfig(logger));
  ScriptedOverlay typing(ignore);
  std::string text(64, '\0');
  typing.onDraw = [&] {
    ImGui::Begin("chat");
    ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##line", text.data(), text.size());
    ImGui::End();
  };
  layer.add(typing);
  for (int i = 0; i < 10 && !ImGui::GetIO().WantCaptureKeyboard; ++i) frame(layer);
  REQUIRE(ImGui::GetIO().WantCaptureKeyboard);
  CHECK(typing.draws >= 1);

  CHECK(layer.handleEvent(keyEvent(SDLK_w)));
  CHECK(layer.handleEvent(textEvent("w")));
  // A release still reaches the game: the key may have been pressed before the field had focus.
  CHECK_FALSE(layer.handleEvent(keyEvent(SDLK_w, SDL_KEYUP)));
  SDL_Event quit{};
  quit.type = SDL_QUIT;
  CHECK_FALSE(layer.handleEvent(quit));

  frame(layer);
  CHECK(std::string(text.c_str()) == "w");
}

TEST_CASE("while ImGui wants the mouse, mouse events are not the game's") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayer layer(sdl.window, sdl.renderer, quietConfig(logger));
  // SDL's dummy driver never gives a window mouse focus, so hovering cannot be simulated; an
  // overlay claiming the mouse (as a drag over a panel does) sets the same flag.
  bool claim = true;
  ScriptedOverlay panel(ignore);
  panel.onDraw = [&] { ImGui::CaptureMouseFromApp(claim); };
  layer.add(panel);
  auto click = [](Uint32 type) {
    SDL_Event event{};
    event.type = type;
    event.button.button = SDL_BUTTON_LEFT;
    return event;
  };
  SDL_Event wheel{};
  wheel.type = SDL_MOUSEWHEEL;
  wheel.wheel.y = 1;

  for (int i = 0; i < 10 && !ImGui::GetIO().WantCaptureMouse; ++i) frame(layer);
  REQUIRE(ImGui::GetIO().WantCaptureMouse);
  CHECK(layer.handleEvent(click(SDL_MOUSEBUTTONDOWN)));
  CHECK(layer.handleEvent(wheel));
  CHECK_FALSE(layer.handleEvent(click(SDL_MOUSEBUTTONUP)));  // releases reach the game
  CHECK_FALSE(layer.handleEvent(keyEvent(SDLK_w)));   // the keyboard is still the game's

  claim = false;
  for (int i = 0; i < 10 && ImGui::GetIO().WantCaptureMouse; ++i) frame(layer);
  REQUIRE_FALSE(ImGui::GetIO().WantCaptureMouse);
  CHECK_FALSE(layer.handleEvent(click(SDL_MOUSEBUTTONDOWN)));
  CHECK_FALSE(layer.handleEvent(wheel));
}

TEST_CASE("the shipped font covers German and Russian, and the CJK fallback Chinese") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayer layer(sdl.window, sdl.renderer, quietConfig(logger));
  REQUIRE_MESSAGE(!layer.fonts().main.empty(), "assets/fonts/DejaVuSans.ttf was not found");
  CHECK(logger.contains("DejaVuSans.ttf", weft::net::LogLevel::Info));
  const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  for (ImWchar c : {u'ä', u'Ö', u'ß', u'Ж', u'я', u'Ё', u'—'}) {
    CAPTURE(static_cast<int>(c));
    CHECK(font->FindGlyphNoFallback(c) != nullptr);
  }
  const bool cjkInstalled = std::filesystem::exists(weft::engine::defaultCjkFonts()[0]);
  if (!cjkInstalled) {
    MESSAGE("no CJK font installed: the Chinese glyphs are not checked");
    return;
  }
  REQUIRE(!layer.fonts().cjk.empty());
  for (ImWchar c : {u'中', u'文', u'你', u'好'}) {
    CAPTURE(static_cast<int>(c));
    CHECK(font->FindGlyphNoFallback(c) != nullptr);
  }
  // A glyph no font has stays missing: the lookup is not answering yes to everything.
  CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(0xE000)) == nullptr);
}

TEST_CASE("a missing or broken font is a clear message and ImGui's default font") {
  HeadlessSdl sdl;
  RecordingLogger logger;
  ImGuiLayerConfig config = quietConfig(logger);
  SUBCASE("missing") {
    config.fonts.mainFont = "fonts/NoSuchFont.ttf";
    ImGuiLayer layer(sdl.window, sdl.renderer, config);
    CHECK(layer.fonts().main.empty());
    CHECK(logger.contains("fonts/NoSuchFont.ttf not found", weft::net::LogLevel::Warning));
    CHECK(ImGui::GetIO().Fonts->Fonts.Size == 1);
    frame(layer);
  }
  SUBCASE("not a font") {
    config.fonts.mainFont = "fonts/DejaVuSans.LICENSE";
    ImGuiLayer layer(sdl.window, sdl.renderer, config);
    CHECK(layer.fonts().main.empty());
    CHECK(logger.contains("is not a TrueType/OpenType font", weft::net::LogLevel::Warning));
    frame(layer);
  }
  SUBCASE("CJK font missing") {
    config.fonts.cjkFonts = {"/nonexistent/cjk.ttf"};
    ImGuiLayer layer(sdl.window, sdl.renderer, config);
    CHECK(!layer.fonts().main.empty());
    CHECK(layer.fonts().cjk.empty());
    CHECK(logger.contains("no CJK font installed"));
  }
}

TEST_CASE("assets are looked up in WEFT_ASSETS_DIR first, then beside the program, the installed and source dirs") {
  const auto dir = std::filesystem::temp_directory_path() / "weft_assets_test";
  std::filesystem::create_directories(dir / "fonts");
  setenv("WEFT_ASSETS_DIR", dir.c_str(), 1);
  const auto dirs = weft::engine::defaultAssetDirs();
  unsetenv("WEFT_ASSETS_DIR");
  REQUIRE(dirs.size() == 4);
  CHECK(dirs[0] == dir);
  // The test runs from build/bin: beside it means build/bin/../share/weft/assets.
  CHECK(dirs[1] == std::filesystem::path(WEFT_BIN_DIR) / "" / ".." / "share" / "weft" / "assets");
  // Not in the override: found in the source tree's assets.
  auto font = weft::engine::findAsset(dirs, "fonts/DejaVuSans.ttf");
  REQUIRE(font);
  CHECK(*font == std::filesystem::path(WEFT_SOURCE_DIR) / "assets/fonts/DejaVuSans.ttf");
  CHECK_FALSE(weft::engine::findAsset(dirs, "fonts/none.ttf"));
  CHECK(weft::engine::defaultAssetDirs().size() == 3);
  std::filesystem::remove_all(dir);
}

}  // namespace
