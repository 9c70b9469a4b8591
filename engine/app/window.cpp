#include "engine/app/window.h"

namespace weft::engine {
namespace {

net::Error sdlError(const std::string& what) {
  return net::Error{what + ": " + SDL_GetError()};
}

}  // namespace

net::Result<std::unique_ptr<Window>> Window::open(const WindowConfig& config) {
  if (config.width <= 0 || config.height <= 0) {
    return net::Error{"window size " + std::to_string(config.width) + "x" +
                      std::to_string(config.height) + " must be positive"};
  }
  std::unique_ptr<Window> w(new Window());
  if (config.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return sdlError("SDL video could not start");
  w->videoInitialised_ = true;

  Uint32 windowFlags = SDL_WINDOW_ALLOW_HIGHDPI;
  if (config.resizable) windowFlags |= SDL_WINDOW_RESIZABLE;
  w->window_ = SDL_CreateWindow(config.title.c_str(), SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, config.width, config.height, windowFlags);
  if (w->window_ == nullptr) return sdlError("SDL could not open a window");

  if (!config.software) {
    const Uint32 flags = SDL_RENDERER_ACCELERATED | (config.vsync ? SDL_RENDERER_PRESENTVSYNC : 0);
    w->renderer_ = SDL_CreateRenderer(w->window_, -1, flags);
  }
  std::string fallbackReason;
  if (w->renderer_ == nullptr) {
    if (!config.software)
      fallbackReason = std::string(" — no accelerated renderer: ") + SDL_GetError();
    w->renderer_ = SDL_CreateRenderer(w->window_, -1, SDL_RENDERER_SOFTWARE);
    if (w->renderer_ == nullptr) return sdlError("SDL could not create even a software renderer");
  }
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(w->renderer_, &info);
  w->rendererName_ = info.name != nullptr ? info.name : "unknown";
  w->accelerated_ = (info.flags & SDL_RENDERER_ACCELERATED) != 0;
  // The software renderer reports PRESENTVSYNC but presents without waiting for the display
  // (it just copies to the window surface): only a GPU renderer's vsync paces frames.
  w->vsync_ = config.vsync && w->accelerated_ && (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;

  net::loggerOr(config.logger)
      .info(std::string("renderer: ") + w->rendererName_ +
            (w->accelerated_ ? " (accelerated" : " (software") +
            (w->vsync_ ? ", vsync)" : ", no vsync: the frame limiter paces)") + fallbackReason);
  return w;
}

Window::~Window() {
  if (renderer_ != nullptr) SDL_DestroyRenderer(renderer_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  if (videoInitialised_) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    // The last user of SDL frees what SDL keeps besides subsystems (hints, the error buffer).
    if (SDL_WasInit(SDL_INIT_EVERYTHING) == 0) SDL_Quit();
  }
}

SDL_Point Window::outputSize() const {
  SDL_Point size{0, 0};
  SDL_GetRendererOutputSize(renderer_, &size.x, &size.y);
  return size;
}

}  // namespace weft::engine
