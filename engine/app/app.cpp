#include "engine/app/app.h"

#include <optional>

#include "engine/app/event_routing.h"
#include "engine/app/screenshot.h"

namespace weft::engine {
namespace {

std::uint64_t screenshotFrameOf(const AppOptions& o) {
  if (o.screenshotFrame != 0) return o.screenshotFrame;
  return o.frames != 0 ? o.frames : 1;
}

}  // namespace

// The SdlGame seen as the loop's Game: input through the ImGui layer, drawing framed by the
// layer's frame, the screenshot taken before presenting.
class App::LoopGame final : public Game {
 public:
  LoopGame(App& app, SdlGame& game) : app_(app), game_(game) {}

  bool processInput() override {
    const bool open = routeEvents(*app_.imgui_, [&](const SDL_Event& e) { game_.handleEvent(e); });
    return open && !app_.quitRequested_;
  }

  void update(net::Duration step) override { game_.update(step); }

  void render(double alpha) override {
    SDL_Renderer* renderer = app_.window_->renderer();
    app_.imgui_->beginFrame();
    const SDL_Color c = app_.config_.clearColor;
    SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a);
    SDL_RenderClear(renderer);
    game_.render(*renderer, alpha);
    app_.imgui_->draw(app_.reactor_.clock().now());
    app_.imgui_->endFrame();
    const AppOptions& options = app_.config_.options;
    if (!options.screenshotPath.empty() && app_.loop_->frames() == screenshotFrameOf(options)) {
      screenshot = saveScreenshot(renderer, options.screenshotPath);
    }
    SDL_RenderPresent(renderer);
  }

  std::optional<net::Result<void>> screenshot;

 private:
  App& app_;
  SdlGame& game_;
};

App::App(net::Reactor& reactor, AppConfig config) : reactor_(reactor), config_(std::move(config)) {}

App::~App() = default;

net::Result<std::unique_ptr<App>> App::open(net::Reactor& reactor, AppConfig config) {
  AppOptions& options = config.options;
  if (options.fpsLimit < 0) return net::Error{"fps limit must be >= 0 (0: unlimited)"};
  config.window.vsync = options.vsync;
  config.window.headless = config.window.headless || options.headless;
  // One place for what the program logs (renderer, fonts): the reactor's logger unless told.
  if (config.imgui.logger == nullptr) config.imgui.logger = &reactor.logger();
  if (config.window.logger == nullptr) config.window.logger = config.imgui.logger;

  std::unique_ptr<App> app(new App(reactor, std::move(config)));
  auto window = Window::open(app->config_.window);
  if (!window) return window.error();
  app->window_ = std::move(*window);
  app->imgui_ = std::make_unique<ImGuiLayer>(app->window_->sdlWindow(), app->window_->renderer(),
                                             app->config_.imgui);

  GameLoopConfig loopConfig = app->config_.loop;
  if (app->window_->vsync()) {
    loopConfig.pacing = FramePacing::Vsync;
  } else if (app->config_.options.fpsLimit > 0) {
    loopConfig.pacing = FramePacing::Limit;
    loopConfig.frameInterval = net::fromSeconds(1.0 / app->config_.options.fpsLimit);
  } else {
    loopConfig.pacing = FramePacing::Unlimited;
  }
  app->loop_ = std::make_unique<GameLoop>(reactor, std::move(loopConfig));
  return app;
}

net::Result<void> App::run(SdlGame& game) {
  LoopGame loopGame(*this, game);
  quitRequested_ = false;
  loop_->run(loopGame, config_.options.frames);
  if (loopGame.screenshot) return *loopGame.screenshot;
  if (!config_.options.screenshotPath.empty()) {
    return net::Error{"screenshot: the run ended before frame " +
                      std::to_string(screenshotFrameOf(config_.options)) + " was drawn"};
  }
  return {};
}

}  // namespace weft::engine
