// ChatOverlay rendered for real: one frame open and one closed, headless into the software
// renderer and read back as PNGs (chat_overlay_open.png, chat_overlay_closed.png in the working
// directory) — to check that something was drawn where the chat sits, and to look at.

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/app/screenshot.h"
#include "engine/overlays/chat_overlay.h"
#include "tests/engine/overlays/chat_overlay_support.h"

using namespace weft::test;
using namespace weft::engine;
using namespace std::chrono_literals;
using weft::net::ChatClient;
using weft::testing::HeadlessSdl;
using weft::testing::pumpUntil;

namespace {

constexpr int kWidth = 800;
constexpr int kHeight = 600;
constexpr std::uint8_t kGame[3] = {30, 70, 40};  // the "game" behind the chat: dark green

struct Capture {
  Image image;
  // Pixels in the rectangle (fractions of the screen) that are not the game's colour.
  int drawnIn(float x0, float y0, float x1, float y1) const {
    int drawn = 0;
    for (int y = static_cast<int>(y0 * kHeight); y < static_cast<int>(y1 * kHeight); ++y) {
      for (int x = static_cast<int>(x0 * kWidth); x < static_cast<int>(x1 * kWidth); ++x) {
        const std::uint8_t* p = &image.rgba[(static_cast<std::size_t>(y) * kWidth + x) * 4];
        if (p[0] != kGame[0] || p[1] != kGame[1] || p[2] != kGame[2]) ++drawn;
      }
    }
    return drawn;
  }
};

// What the player sees, saved for a look.
Capture render(HeadlessSdl& sdl, ImGuiLayer& layer, weft::net::TimePoint now, const char* png) {
  Image image = sdl.frame(layer, SDL_Color{kGame[0], kGame[1], kGame[2], 255}, now);
  REQUIRE(image.width == kWidth);
  auto written = writePng(image, png);
  REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().message));
  MESSAGE("wrote ", png);
  return Capture{std::move(image)};
}

}  // namespace

TEST_CASE("the chat is drawn where its config puts it, in three scripts, open and closed") {
  ChatServer server;
  HeadlessSdl sdl(kWidth, kHeight);
  weft::testing::RecordingLogger uiLog;
  weft::net::ChatClientConfig config;
  config.name = "anna";
  ChatClient client(server.reactor, server.endpoint(), config);
  ChatOverlay overlay(client);
  ImGuiLayerConfig layerConfig;
  layerConfig.logger = &uiLog;
  ImGuiLayer layer(sdl.window, sdl.renderer, layerConfig);
  layer.add(overlay);
  const auto frame = [&] {
    layer.beginFrame();
    layer.draw(server.clock.now());
    layer.endFrame();
  };
  REQUIRE(pumpUntil(server.reactor, [&] {
    frame();
    return client.state() == ChatClient::State::Joined;
  }));

  server.bobSays("Grüße aus München!");
  server.bobSays("/me winkt");
  server.bobSays("Привет, как дела?");
  server.bobSays("你好，世界");
  REQUIRE(pumpUntil(server.reactor, [&] {
    frame();
    return !overlay.log().lines().empty() && overlay.log().lines().back().text == "bob: 你好，世界";
  }));
  REQUIRE(layer.handleEvent(keyEvent(SDLK_t)));
  REQUIRE(layer.handleEvent(textEvent("t")));
  layer.handleEvent(textEvent("Привет "));
  layer.handleEvent(textEvent("你好 "));
  layer.handleEvent(textEvent("Grüße"));
  for (int i = 0; i < 3; ++i) frame();  // the window settles and scrolls to the newest line

  if (layer.fonts().cjk.empty()) {
    MESSAGE("no CJK font installed: Chinese renders as '?' in this run");
  } else {
    CHECK(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x4F60) != nullptr);  // 你
  }
  CHECK(ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(0x0416) != nullptr);  // Ж

  const ChatOverlayConfig& c = overlay.config();
  const Capture open = render(sdl, layer, server.clock.now(), "chat_overlay_open.png");
  const int chatArea = static_cast<int>(c.width * kWidth * c.height * kHeight);
  CHECK(open.drawnIn(c.x, c.y, c.x + c.width, c.y + c.height) > chatArea / 2);  // the panel
  CHECK(open.drawnIn(c.x + c.width + 0.02f, 0.0f, 1.0f, 1.0f) == 0);  // the game, untouched

  layer.handleEvent(keyEvent(SDLK_ESCAPE));
  server.bobSays("noch da?");
  REQUIRE(pumpUntil(server.reactor, [&] {
    frame();
    return overlay.log().unread() == 1;
  }));
  server.clock.advance(9s);  // half faded
  const Capture closed = render(sdl, layer, server.clock.now(), "chat_overlay_closed.png");
  const int fading = closed.drawnIn(c.x, c.y, c.x + c.width, c.y + c.height);
  CHECK(fading > 0);
  CHECK(fading < open.drawnIn(c.x, c.y, c.x + c.width, c.y + c.height));
  CHECK(overlay.view().unreadShown == 1);
}
