#include "engine/app/app.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/app/app_cli.h"
#include "engine/app/screenshot.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"

namespace {

using namespace std::chrono_literals;
using weft::engine::App;
using weft::engine::AppConfig;
using weft::engine::EventUse;
using weft::net::Duration;
using weft::net::Reactor;
using weft::testing::ManualClock;
using weft::testing::RecordingLogger;

constexpr SDL_Rect kRect{20, 30, 60, 40};
constexpr SDL_Color kRectColour{230, 40, 40, 255};
constexpr SDL_Color kClear{20, 22, 28, 255};

// Draws a red rectangle and an ImGui window; each frame "takes" one 60 Hz step on the clock.
class RectGame final : public weft::engine::SdlGame {
 public:
  explicit RectGame(ManualClock* clock) : clock_(clock) {}
  void handleEvent(const SDL_Event& event) override {
    if (event.type == SDL_KEYDOWN) keys.push_back(event.key.keysym.scancode);
    if (event.type == SDL_QUIT) ++quits;
  }
  void update(Duration) override { ++updates; }
  void render(SDL_Renderer& renderer, double) override {
    SDL_SetRenderDrawColor(&renderer, kRectColour.r, kRectColour.g, kRectColour.b, 255);
    SDL_RenderFillRect(&renderer, &kRect);
    ImGui::SetNextWindowPos(ImVec2(150, 20));
    ImGui::SetNextWindowSize(ImVec2(165, 90));
    ImGui::Begin("weft");
    ImGui::TextUnformatted("Grüße, привет, 你好");
    ImGui::End();
    if (clock_ != nullptr) clock_->spend(weft::engine::kDefaultStep);
  }

  std::vector<SDL_Scancode> keys;
  int quits = 0;
  int updates = 0;

 private:
  ManualClock* clock_;
};

// Takes the T key, as a chat overlay opening its input would.
class TakesT final : public weft::engine::Overlay {
 public:
  EventUse handleEvent(const SDL_Event& e) override {
    const bool isT =
        (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) && e.key.keysym.scancode == SDL_SCANCODE_T;
    return isT ? EventUse::Consumed : EventUse::Ignored;
  }
  void draw(weft::net::TimePoint) override { ++draws; }
  int draws = 0;
};

struct Headless {
  Headless() { setenv("SDL_VIDEODRIVER", "dummy", 1); }
};

AppConfig headlessConfig(RecordingLogger& log) {
  AppConfig config;
  config.options.headless = true;
  config.options.fpsLimit = 0;
  config.window.width = 320;
  config.window.height = 200;
  config.imgui.logger = &log;
  config.clearColor = kClear;
  return config;
}

struct Png {
  int width = 0, height = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> data{nullptr, stbi_image_free};
  const unsigned char* at(int x, int y) const { return data.get() + (y * width + x) * 4; }
  bool is(int x, int y, SDL_Color c) const {
    const unsigned char* p = at(x, y);
    return p[0] == c.r && p[1] == c.g && p[2] == c.b;
  }
};

Png readPng(const std::filesystem::path& path) {
  Png png;
  int channels = 0;
  png.data.reset(stbi_load(path.c_str(), &png.width, &png.height, &channels, 4));
  REQUIRE_MESSAGE(png.data != nullptr, "cannot read back " << path);
  return png;
}

std::filesystem::path tempPng(const char* name) {
  return std::filesystem::temp_directory_path() / (std::string("weft_") + name + ".png");
}

TEST_CASE("a headless app runs N frames and its screenshot shows the game and the ImGui window") {
  Headless headless;
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, [&] {
    weft::net::ReactorConfig c;
    c.logger = &log;
    return c;
  }());
  AppConfig config = headlessConfig(log);
  config.options.frames = 5;
  config.options.screenshotPath = tempPng("app_test");
  std::filesystem::remove(config.options.screenshotPath);
  auto app = App::open(reactor, config);
  REQUIRE_MESSAGE(app.ok(), (app.ok() ? "" : app.error().message));
  CHECK(log.contains("renderer: software"));
  // Software presents without waiting for the display: no vsync, so fpsLimit 0 is unlimited.
  CHECK_FALSE((*app)->window().vsync());
  CHECK((*app)->loop().config().pacing == weft::engine::FramePacing::Unlimited);
  TakesT overlay;
  (*app)->imgui().add(overlay);
  RectGame game(&clock);

  auto ran = (*app)->run(game);
  REQUIRE_MESSAGE(ran.ok(), (ran.ok() ? "" : ran.error().message));
  CHECK((*app)->loop().frames() == 5);
  CHECK(overlay.draws == 5);
  // Each frame took one step on the clock; the first simulates nothing.
  CHECK(game.updates == 4);

  Png png = readPng(config.options.screenshotPath);
  REQUIRE(png.width == 320);
  REQUIRE(png.height == 200);
  CHECK(png.is(kRect.x + 1, kRect.y + 1, kRectColour));
  CHECK(png.is(kRect.x + kRect.w / 2, kRect.y + kRect.h / 2, kRectColour));
  CHECK(png.is(kRect.x + kRect.w - 1, kRect.y + kRect.h - 1, kRectColour));
  CHECK(png.is(kRect.x + kRect.w + 2, kRect.y + kRect.h / 2, kClear));
  CHECK(png.is(300, 190, kClear));
  // The ImGui window: its title bar and body are not the background; some text pixels are light.
  CHECK_FALSE(png.is(160, 25, kClear));
  CHECK_FALSE(png.is(290, 100, kClear));
  int light = 0;
  for (int y = 40; y < 110; ++y) {
    for (int x = 150; x < 315; ++x) light += png.at(x, y)[0] > 180 ? 1 : 0;
  }
  CHECK(light > 50);
}

TEST_CASE("events reach the game only when no overlay took them, and SDL_QUIT ends the run") {
  Headless headless;
  weft::net::SteadyClock clock;
  RecordingLogger log;
  weft::net::ReactorConfig rc;
  rc.logger = &log;
  Reactor reactor(clock, rc);
  auto app = App::open(reactor, headlessConfig(log));
  REQUIRE(app.ok());
  TakesT overlay;
  (*app)->imgui().add(overlay);
  RectGame game(nullptr);

  SDL_Event event{};
  event.type = SDL_KEYDOWN;
  event.key.keysym.scancode = SDL_SCANCODE_T;
  REQUIRE(SDL_PushEvent(&event) == 1);
  event.key.keysym.scancode = SDL_SCANCODE_W;
  REQUIRE(SDL_PushEvent(&event) == 1);
  SDL_Event quit{};
  quit.type = SDL_QUIT;
  REQUIRE(SDL_PushEvent(&quit) == 1);

  // frames = 0: only the quit ends it; the first frame's input sees all three events.
  auto ran = (*app)->run(game);
  CHECK(ran.ok());
  CHECK((*app)->loop().frames() == 1);
  CHECK(game.keys == std::vector<SDL_Scancode>{SDL_SCANCODE_W});
  CHECK(game.quits == 1);
}

TEST_CASE("without vsync the app paces frames at its fps limit") {
  Headless headless;
  ManualClock clock;
  RecordingLogger log;
  weft::net::ReactorConfig rc;
  rc.logger = &log;
  Reactor reactor(clock, rc);
  AppConfig config = headlessConfig(log);
  config.options.fpsLimit = 50;
  config.options.frames = 3;
  // The limiter's wait, on the test's clock: no real sleeping.
  std::vector<Duration> waits;
  config.loop.wait = [&](Duration d) {
    waits.push_back(d);
    clock.spend(d);
  };
  auto app = App::open(reactor, config);
  REQUIRE(app.ok());
  CHECK((*app)->loop().config().pacing == weft::engine::FramePacing::Limit);
  CHECK((*app)->loop().config().frameInterval == 20ms);
  RectGame game(nullptr);
  REQUIRE((*app)->run(game).ok());
  CHECK(waits.size() == 3);
  CHECK((*app)->loop().lastFrame().frameTime == 20ms);
}

TEST_CASE("a screenshot that cannot be written is an error naming the path") {
  Headless headless;
  weft::net::SteadyClock clock;
  RecordingLogger log;
  weft::net::ReactorConfig rc;
  rc.logger = &log;
  Reactor reactor(clock, rc);
  AppConfig config = headlessConfig(log);
  config.options.frames = 2;
  config.options.screenshotPath = "/nonexistent-dir/shot.png";
  auto app = App::open(reactor, config);
  REQUIRE(app.ok());
  RectGame game(nullptr);
  auto ran = (*app)->run(game);
  REQUIRE_FALSE(ran.ok());
  CHECK(ran.error().message.find("/nonexistent-dir/shot.png") != std::string::npos);

  SUBCASE("and one for a frame never reached says so") {
    AppConfig late = headlessConfig(log);
    late.options.frames = 2;
    late.options.screenshotFrame = 9;
    late.options.screenshotPath = tempPng("never");
    app = App::open(reactor, late);
    REQUIRE(app.ok());
    ran = (*app)->run(game);
    REQUIRE_FALSE(ran.ok());
    CHECK(ran.error().message.find("before frame 9") != std::string::npos);
  }
}

TEST_CASE("the shared command line fills AppOptions, and rejects a bad value") {
  CLI::App cli;
  weft::engine::AppOptions options;
  weft::engine::addAppOptions(cli, options);
  std::vector<std::string> args = {"--fps",   "30",       "--no-vsync", "--screenshot",
                                   "out.png", "--frames", "12",         "--headless"};
  std::vector<const char*> argv = {"prog"};
  for (auto& a : args) argv.push_back(a.c_str());
  cli.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
  CHECK(options.frames == 12);
  CHECK(options.screenshotPath == "out.png");
  CHECK_FALSE(options.vsync);
  CHECK(options.fpsLimit == 30);
  CHECK(options.headless);

  CLI::App strict;
  weft::engine::AppOptions other;
  weft::engine::addAppOptions(strict, other);
  std::vector<const char*> bad = {"prog", "--frames", "many"};
  CHECK_THROWS_AS(strict.parse(3, const_cast<char**>(bad.data())), CLI::ParseError);
}

}  // namespace
