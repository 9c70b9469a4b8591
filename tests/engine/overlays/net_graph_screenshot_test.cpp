// The net graph through the real ImGui layer into SDL's software renderer, headless: F3 routed
// like any key, the picture read back and checked for a panel in its corner only, red where the
// RTT went bad, and nothing once hidden. The PNG is kept in the build's bin dir to look at.

#include <doctest/doctest.h>

#include <string>

#include "engine/app/screenshot.h"
#include "engine/imgui/imgui_layer.h"
#include "engine/overlays/net_graph.h"
#include "tests/engine/support/headless_sdl.h"
#include "tests/engine/support/sdl_events.h"
#include "net/testing/recording_logger.h"

using namespace weft::engine;
using weft::net::NetStats;
using weft::net::TimePoint;
using weft::testing::HeadlessSdl;
using weft::testing::keyEvent;
using weft::testing::RecordingLogger;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

constexpr int kWidth = 960;
constexpr int kHeight = 540;
constexpr SDL_Color kClear{30, 60, 50, 255};

// Ten seconds of a link at 60 fps: RTT around 40 ms with a 190 ms spike, a second without a
// connection, a burst of loss.
TimePoint feed(NetGraph& graph) {
  TimePoint now = TimePoint{} + std::chrono::seconds(50);
  for (int i = 0; i < 600; ++i) {
    now += microseconds(16'667);
    std::optional<NetStats> net;
    if (i < 200 || i >= 260) {
      NetStats stats;
      stats.rtt = milliseconds(40 + i % 30 + (i >= 450 && i < 500 ? 150 : 0));
      stats.rttVariance = milliseconds(3 + i % 4);
      stats.lossPercent = i >= 380 && i < 440 ? 6.0 : 0.3;
      stats.bytesReceivedPerSecond = 12'000 + 50.0 * (i % 60);
      stats.bytesSentPerSecond = 4'100;
      net = stats;
    }
    FrameStats frame;
    frame.frameTime = microseconds(i % 97 == 0 ? 40'000 : 16'667);
    frame.pumpTime = microseconds(200 + 10 * (i % 50));
    graph.sample(now, net, frame);
  }
  return now;
}

Image render(HeadlessSdl& sdl, ImGuiLayer& layer, TimePoint now) {
  return sdl.frame(layer, kClear, now);
}

struct Count {
  int changed = 0;  // not the clear colour
  int red = 0;      // the graph's "bad" colour, roughly
};

Count count(const Image& image, int x0, int y0, int x1, int y1) {
  Count c;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const std::uint8_t* p = &image.rgba[static_cast<std::size_t>((y * image.width + x) * 4)];
      if (p[0] != kClear.r || p[1] != kClear.g || p[2] != kClear.b) ++c.changed;
      if (p[0] > 200 && p[1] < 120 && p[2] < 120) ++c.red;
    }
  }
  return c;
}

}  // namespace

TEST_CASE("F3 shows the graph in the top right corner, red where the RTT spiked, and hides it") {
  HeadlessSdl sdl(kWidth, kHeight);
  RecordingLogger log;
  ImGuiLayerConfig config;
  config.logger = &log;
  ImGuiLayer layer(sdl.window, sdl.renderer, config);
  NetGraph graph;
  layer.add(graph);
  const TimePoint now = feed(graph);

  CHECK(layer.handleEvent(keyEvent(SDLK_F3)));  // the game does not see F3
  CHECK(layer.handleEvent(keyEvent(SDLK_F3, SDL_KEYUP)));
  REQUIRE(graph.visible());
  render(sdl, layer, now);  // an auto-sized window is measured on its first frame
  const Image shown = render(sdl, layer, now);
  REQUIRE(shown.width == kWidth);
  REQUIRE(shown.height == kHeight);
  const auto saved = writePng(shown, std::string(WEFT_BIN_DIR) + "/engine_net_graph.png");
  CHECK_MESSAGE(saved.ok(), (saved.ok() ? "" : saved.error().message));

  const Count panel = count(shown, kWidth / 2, 0, kWidth, kHeight / 2);
  const Count elsewhere = count(shown, 0, 0, kWidth / 3, kHeight);
  const Count below = count(shown, 0, kHeight * 2 / 3, kWidth, kHeight);
  CAPTURE(panel.changed);
  CAPTURE(panel.red);
  CHECK(panel.changed > kWidth * kHeight / 20);  // a panel, not a few stray pixels
  CHECK(panel.red > 20);                         // the RTT spike and the loss burst
  CHECK(elsewhere.changed == 0);
  CHECK(below.changed == 0);

  CHECK(layer.handleEvent(keyEvent(SDLK_F3)));
  REQUIRE_FALSE(graph.visible());
  const Image hidden = render(sdl, layer, now);
  CHECK(count(hidden, 0, 0, kWidth, kHeight).changed == 0);
}
