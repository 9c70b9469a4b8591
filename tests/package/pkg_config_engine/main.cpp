// pkg_config_engine: an outside program built as a Make or Meson game would build it, with
// nothing but `c++ main.cpp $(pkg-config --cflags --libs weft-engine)` — weft::engine's App
// runs three headless frames of a game and an overlay that draws text in the installed font,
// pumping weft::net's reactor every frame. check.sh builds it against an install and runs it.
#include <imgui.h>

#include <cstdio>

#include "engine/app/app.h"
#include "engine/overlay.h"
#include "net/core/clock.h"
#include "net/core/reactor.h"

using namespace weft;

namespace {

class CountingGame final : public engine::SdlGame {
 public:
  void update(net::Duration) override { ++updates; }
  void render(SDL_Renderer&, double) override { ++renders; }
  int updates = 0;
  int renders = 0;
};

class Label final : public engine::Overlay {
 public:
  engine::EventUse handleEvent(const SDL_Event&) override { return engine::EventUse::Ignored; }
  void draw(net::TimePoint) override {
    ImGui::TextUnformatted("built with pkg-config");
    ++draws;
  }
  int draws = 0;
};

}  // namespace

int main() {
  net::SteadyClock clock;
  net::Reactor reactor(clock);
  bool timerRan = false;  // only a pump runs it: the App pumped the reactor
  auto timer = reactor.callLater(net::Duration::zero(), [&] { timerRan = true; });

  engine::AppConfig config;
  config.options.frames = 3;
  config.options.headless = true;
  config.options.vsync = false;
  auto app = engine::App::open(reactor, config);
  if (!app) {
    std::fprintf(stderr, "pkg_config_engine: %s\n", app.error().message.c_str());
    return 1;
  }
  Label label;
  (*app)->imgui().add(label);
  CountingGame game;
  if (auto ran = (*app)->run(game); !ran) {
    std::fprintf(stderr, "pkg_config_engine: %s\n", ran.error().message.c_str());
    return 1;
  }
  const bool ok = game.renders == 3 && label.draws == 3 && timerRan;
  std::printf("pkg_config_engine: %d frames drawn, %d overlay draws, timer %s\n", game.renders,
              label.draws, timerRan ? "ran" : "did not run");
  std::printf("font: %s\n", (*app)->imgui().fonts().main.string().c_str());
  std::printf("pkg_config_engine: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
