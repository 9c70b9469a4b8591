// chat_window: weft embedded in a small SDL game — a square you move with the arrow keys, the
// drop-in chat overlay (Enter or T) bound to weft-chatd, and the F3 net graph. README's
// embedding guide. Run: weft-chatd --listen enet:5556, then
//   weft-example-chat-window --connect enet:localhost:5556 --name anna
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/app/app.h"
#include "engine/app/app_cli.h"
#include "engine/overlays/chat_overlay.h"
#include "engine/overlays/net_graph.h"
#include "net/chat/chat_client.h"
#include "net/core/endpoint.h"
#include "net/core/reactor.h"
#include "net/endpoints/builtin_endpoints.h"

using namespace weft;

// The game: a square moving at 200 px/s, drawn between fixed steps at the interpolation alpha.
// It reads the arrow keys from the events the overlays left to it (not SDL_GetKeyboardState),
// so arrows pressed while typing in chat never move it.
class SquareGame final : public engine::SdlGame {
 public:
  SquareGame(engine::App& app, net::ChatClient& chat, engine::NetGraph& graph)
      : app_(app), chat_(chat), graph_(graph) {}

  void handleEvent(const SDL_Event& event) override {
    if (event.type != SDL_KEYDOWN && event.type != SDL_KEYUP) return;
    const int down = event.type == SDL_KEYDOWN;
    switch (event.key.keysym.scancode) {
      case SDL_SCANCODE_LEFT: left_ = down; break;
      case SDL_SCANCODE_RIGHT: right_ = down; break;
      case SDL_SCANCODE_UP: up_ = down; break;
      case SDL_SCANCODE_DOWN: down_ = down; break;
      default: break;
    }
  }
  void update(net::Duration step) override {
    previous_ = now_;
    now_.x += float(200 * net::toSeconds(step) * (right_ - left_));
    now_.y += float(200 * net::toSeconds(step) * (down_ - up_));
  }
  void render(SDL_Renderer& renderer, double alpha) override {
    // Once per frame: the connection's health and the frame's timings, for F3.
    graph_.sample(app_.loop().lastFrame().start, chat_.connectionStats(), app_.loop().lastFrame());
    const float a = float(alpha);
    const SDL_FRect square{previous_.x + (now_.x - previous_.x) * a,
                           previous_.y + (now_.y - previous_.y) * a, 40, 40};
    SDL_SetRenderDrawColor(&renderer, 90, 170, 250, 255);
    SDL_RenderFillRectF(&renderer, &square);
  }

 private:
  engine::App& app_;
  net::ChatClient& chat_;
  engine::NetGraph& graph_;
  SDL_FPoint previous_{300, 120}, now_{300, 120};
  int left_ = 0, right_ = 0, up_ = 0, down_ = 0;
};

int main(int argc, char** argv) {
  CLI::App cli{"A window with weft's chat overlay (Enter or T) and net graph (F3)"};
  std::string connect = "enet:localhost:5556";
  net::ChatClientConfig chatConfig{.name = "player"};
  engine::AppConfig appConfig;
  cli.add_option("--connect", connect, "weft-chatd's game endpoint: enet:HOST:PORT or framed tcp:");
  cli.add_option("--name", chatConfig.name, "Your name in the room");
  engine::addAppOptions(cli, appConfig.options);  // --frames, --screenshot, --headless...
  CLI11_PARSE(cli, argc, argv);
  auto endpoint = net::parseClientEndpoint(connect);
  if (!endpoint) return std::fprintf(stderr, "--connect: %s\n", endpoint.error().message.c_str()), 2;

  net::SteadyClock clock;
  net::Reactor reactor(clock);  // the App pumps it once per frame, within a budget
  net::ChatClient chat(reactor, *endpoint, chatConfig);  // connects, reconnects, backfills
  auto app = engine::App::open(reactor, appConfig);
  if (!app) return std::fprintf(stderr, "%s\n", app.error().message.c_str()), 1;

  engine::ChatOverlay chatOverlay(chat);
  engine::NetGraph netGraph;
  (*app)->imgui().add(chatOverlay);  // overlays see events before the game
  (*app)->imgui().add(netGraph);
  SquareGame game(**app, chat, netGraph);
  if (auto ran = (*app)->run(game); !ran) return std::fprintf(stderr, "%s\n", ran.error().message.c_str()), 1;
  return 0;
}
