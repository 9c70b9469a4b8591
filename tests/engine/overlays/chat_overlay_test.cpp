// ChatOverlay headless (SDL dummy driver, software renderer) behind a real ImGuiLayer, bound to
// a ChatClient talking to a chat room over loopback TCP: synthetic key and text events open it,
// type Unicode, send, scroll and close it; the room's echo shows up in the overlay. I/O is
// pumped until a condition holds, with a deadline; time for the fade comes from a ManualClock.

#include "engine/overlays/chat_overlay.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "tests/engine/overlays/chat_overlay_support.h"

using namespace weft::test;
using namespace weft::engine;
using namespace std::chrono_literals;
using weft::net::ChatClient;
using weft::net::ChatClientConfig;
using weft::testing::HeadlessSdl;
using weft::testing::pumpUntil;

namespace {

ChatClientConfig anna() {
  ChatClientConfig config;
  config.name = "anna";
  config.reconnect.jitter = 0;
  config.reconnect.seed = 1;
  return config;
}

// A window with the overlay in an ImGuiLayer, the game behind it.
struct Screen {
  explicit Screen(ChatServer& server) : Screen(server, server.endpoint()) {}
  Screen(ChatServer& server, const weft::net::Endpoint& endpoint, ChatOverlayConfig config = {})
      : server_(server), client(server.reactor, endpoint, anna()), overlay(client, config) {
    ImGuiLayerConfig layerConfig;
    layerConfig.logger = &uiLog;
    layer = std::make_unique<ImGuiLayer>(sdl.window, sdl.renderer, layerConfig);
    layer->add(overlay);
  }
  ~Screen() { layer.reset(); }

  // True when the game may act on the event.
  bool gameSees(const SDL_Event& event) { return !layer->handleEvent(event); }
  void press(SDL_Keycode sym) {
    gameSees(keyEvent(sym));
    gameSees(keyEvent(sym, SDL_KEYUP));
  }
  void type(const char* utf8) { CHECK_FALSE(gameSees(textEvent(utf8))); }
  void frame() {
    layer->beginFrame();
    layer->draw(server_.clock.now());
    layer->endFrame();
  }
  // Lets `d` pass on the clock as a running game would: in steps, the network pumped after
  // each, so the connection's heartbeats are read as they come (an advance of 15 s or more with
  // nothing read would be a silent link, and time it out).
  void wait(weft::net::Duration d) {
    for (weft::net::Duration step = std::chrono::seconds(1); d > weft::net::Duration::zero();
         d -= step) {
      server_.clock.advance(std::min(step, d));
      server_.reactor.pump(weft::net::Duration::max());
    }
  }
  // Pumps the network and draws frames until `done`.
  template <typename Done>
  bool until(Done&& done) {
    return pumpUntil(server_.reactor, [&] {
      frame();
      return done();
    });
  }
  bool joined() {
    return until([&] { return client.state() == ChatClient::State::Joined; });
  }
  bool shows(const std::string& line) {
    const auto& lines = overlay.log().lines();
    return std::any_of(lines.begin(), lines.end(),
                       [&](const ChatLine& l) { return l.text == line; });
  }

  ChatServer& server_;
  HeadlessSdl sdl{800, 600};
  weft::testing::RecordingLogger uiLog;
  ChatClient client;
  ChatOverlay overlay;
  std::unique_ptr<ImGuiLayer> layer;  // reset first: it points at the overlay
};

}  // namespace

TEST_CASE("T opens the chat without typing a t; Unicode typed there is sent and echoed back") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.joined());

  CHECK(screen.gameSees(keyEvent(SDLK_w)));  // closed: the game moves
  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_t)));
  CHECK(screen.overlay.isOpen());
  CHECK_FALSE(screen.gameSees(textEvent("t")));
  CHECK(ImGui::GetIO().InputQueueCharacters.Size == 0);  // swallowed: ImGui did not see it
  CHECK(screen.overlay.input().text().empty());

  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_w)));  // open: typing, not moving
  screen.type("w");
  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_BACKSPACE)));
  screen.type("Grüße ");
  screen.type("Привет ");
  screen.type("你好");
  screen.frame();
  CHECK(screen.overlay.input().text() == "Grüße Привет 你好");

  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_RETURN)));
  CHECK_FALSE(screen.overlay.isOpen());  // sent, back to the game
  REQUIRE(pumpUntil(server.reactor, [&] {
    return !server.bob.lines.empty() && server.bob.lines.back().ends_with("Grüße Привет 你好");
  }));
  CHECK(server.bob.lines.back().find("say anna: Grüße Привет 你好") != std::string::npos);
  REQUIRE(screen.until([&] { return screen.shows("anna: Grüße Привет 你好"); }));
  CHECK(screen.gameSees(keyEvent(SDLK_w)));
}

TEST_CASE("a T typed inside the chat is a letter, and only the opening T's text is swallowed") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.joined());
  screen.gameSees(keyEvent(SDLK_t));
  screen.frame();                     // the opening key's text never came (text input was off)
  screen.type("t");                   // so this one is typed
  screen.gameSees(keyEvent(SDLK_t));  // open: just a key
  screen.type("T");
  CHECK(screen.overlay.input().text() == "tT");
}

TEST_CASE("Enter opens, an empty Enter closes, Esc closes and drops what was typed") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.joined());
  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_RETURN)));
  CHECK(screen.overlay.isOpen());
  SDL_Event held = keyEvent(SDLK_RETURN);
  held.key.repeat = 1;
  CHECK_FALSE(screen.gameSees(held));  // Enter held down does not close what it opened
  CHECK(screen.overlay.isOpen());
  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_KP_ENTER)));
  CHECK_FALSE(screen.overlay.isOpen());

  screen.press(SDLK_RETURN);
  screen.type("never mind");
  CHECK_FALSE(screen.gameSees(keyEvent(SDLK_ESCAPE)));
  CHECK_FALSE(screen.overlay.isOpen());
  screen.press(SDLK_RETURN);
  CHECK(screen.overlay.input().text().empty());
  CHECK(screen.overlay.input().history().empty());
}

TEST_CASE("a key the game saw go down comes up in the game even if the chat opened meanwhile") {
  ChatServer server;
  Screen screen(server);
  ChatOverlay& overlay = screen.overlay;
  CHECK(overlay.handleEvent(keyEvent(SDLK_w)) == EventUse::Ignored);
  CHECK(overlay.handleEvent(keyEvent(SDLK_RETURN)) == EventUse::Consumed);
  CHECK(overlay.handleEvent(keyEvent(SDLK_w, SDL_KEYUP)) == EventUse::Ignored);
  CHECK(overlay.handleEvent(keyEvent(SDLK_RETURN, SDL_KEYUP)) == EventUse::Consumed);
  CHECK(overlay.handleEvent(keyEvent(SDLK_a)) == EventUse::Consumed);
  overlay.close();
  CHECK(overlay.handleEvent(keyEvent(SDLK_a, SDL_KEYUP)) ==
        EventUse::Consumed);  // its down was ours
  CHECK(overlay.handleEvent(keyEvent(SDLK_t, SDL_KEYDOWN, KMOD_LCTRL)) == EventUse::Ignored);
  CHECK_FALSE(overlay.isOpen());
}

TEST_CASE("commands work from the overlay: /nick, /me and /list are lines like any other") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.joined());
  const auto say = [&](const char* line) {
    screen.press(SDLK_RETURN);
    screen.type(line);
    screen.press(SDLK_RETURN);
  };
  say("/nick annie");
  REQUIRE(screen.until([&] { return screen.client.name() == "annie"; }));
  say("/me waves");
  REQUIRE(screen.until([&] { return screen.shows("* annie waves"); }));
  say("/list");
  REQUIRE(screen.until([&] {
    const auto& lines = screen.overlay.log().lines();
    return !lines.empty() && lines.back().kind == ChatLineKind::Private &&
           lines.back().text.ends_with("connected: bob and you");
  }));
  const auto& lines = screen.overlay.log().lines();
  const auto me = std::find_if(lines.begin(), lines.end(),
                               [](const ChatLine& l) { return l.text == "* annie waves"; });
  CHECK(me->kind == ChatLineKind::Me);
}

TEST_CASE("Up and Down in the open chat bring back sent lines") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.joined());
  for (const char* line : {"first", "second"}) {
    screen.press(SDLK_RETURN);
    screen.type(line);
    screen.press(SDLK_RETURN);
  }
  screen.press(SDLK_t);
  screen.type("dra");
  screen.press(SDLK_UP);
  CHECK(screen.overlay.input().text() == "second");
  screen.press(SDLK_UP);
  CHECK(screen.overlay.input().text() == "first");
  screen.press(SDLK_DOWN);
  screen.press(SDLK_DOWN);
  CHECK(screen.overlay.input().text() == "dra");
}

TEST_CASE("scrolled up, the view stays put as lines arrive; at the bottom it follows them") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.joined());
  screen.press(SDLK_RETURN);
  for (int i = 0; i < 60; ++i) server.bobSays("line " + std::to_string(i));
  const ChatOverlayView& view = screen.overlay.view();
  const auto atBottom = [&] { return view.scrollMaxY > 0 && view.scrollY == view.scrollMaxY; };
  REQUIRE(screen.until([&] { return screen.shows("bob: line 59") && atBottom(); }));

  screen.press(SDLK_PAGEUP);
  REQUIRE(screen.until([&] { return view.scrollY < view.scrollMaxY; }));
  const float kept = view.scrollY;
  const float range = view.scrollMaxY;
  server.bobSays("while scrolled up");
  REQUIRE(screen.until([&] { return view.scrollMaxY > range; }));
  for (int i = 0; i < 3; ++i) screen.frame();
  CHECK(view.scrollY == kept);

  for (int i = 0; i < 5; ++i) screen.press(SDLK_PAGEDOWN);
  REQUIRE(screen.until(atBottom));
  const float before = view.scrollMaxY;
  server.bobSays("followed");
  REQUIRE(screen.until([&] { return view.scrollMaxY > before && atBottom(); }));
}

TEST_CASE("scrolled up while old lines are trimmed off the top, the lines in view stay put") {
  ChatServer server;
  ChatOverlayConfig config;
  config.log.maxLines = 40;
  Screen screen(server, server.endpoint(), config);
  REQUIRE(screen.joined());
  screen.press(SDLK_RETURN);
  for (int i = 0; i < 60; ++i) server.bobSays("line " + std::to_string(i));
  const ChatOverlayView& view = screen.overlay.view();
  REQUIRE(screen.until([&] { return screen.shows("bob: line 59") && view.scrollY > 0; }));
  REQUIRE(screen.overlay.log().lines().size() == 40);

  screen.press(SDLK_PAGEUP);
  REQUIRE(screen.until([&] { return view.scrollY < view.scrollMaxY; }));
  const float kept = view.scrollY;
  const std::uint64_t dropped = screen.overlay.log().dropped();
  // Five one-line messages push five one-line messages off the top of a full log.
  for (int i = 0; i < 5; ++i) server.bobSays("more " + std::to_string(i));
  REQUIRE(screen.until([&] { return screen.overlay.log().dropped() == dropped + 5; }));
  for (int i = 0; i < 3; ++i) screen.frame();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  CHECK(view.scrollY == doctest::Approx(kept - 5 * line));
}

TEST_CASE("while closed, new lines count as unread and fade out over the game") {
  ChatServer server;
  Screen screen(server);
  REQUIRE(screen.until([&] {  // the room's welcome hint, a private line
    const auto& lines = screen.overlay.log().lines();
    return !lines.empty() && lines.back().kind == ChatLineKind::Private;
  }));
  CHECK(screen.overlay.log().unread() == 1);
  screen.press(SDLK_RETURN);  // read it
  screen.press(SDLK_ESCAPE);
  screen.wait(20s);  // everything so far has faded
  screen.frame();
  CHECK(screen.overlay.view().linesShown == 0);
  CHECK(screen.overlay.view().unreadShown == 0);

  server.bobSays("one");
  server.bobSays("two");
  REQUIRE(screen.until([&] { return screen.shows("bob: two"); }));
  CHECK(screen.overlay.view().linesShown == 2);
  CHECK(screen.overlay.view().unreadShown == 2);
  screen.wait(9s);  // half faded
  screen.frame();
  CHECK(screen.overlay.view().linesShown == 2);
  screen.wait(1500ms);  // gone; still unread
  screen.frame();
  CHECK(screen.overlay.view().linesShown == 0);
  CHECK(screen.overlay.view().unreadShown == 2);
  screen.press(SDLK_t);
  screen.frame();
  CHECK(screen.overlay.log().unread() == 0);
  CHECK(screen.overlay.view().linesShown == screen.overlay.log().lines().size());
}

TEST_CASE("the connection state is shown, and a line that cannot be sent says so") {
  ChatServer server;
  const auto address = server.port->address();
  server.port.reset();  // nobody listens there now: connecting is refused
  Screen screen(server, clientFor(address));
  screen.frame();
  CHECK(screen.overlay.view().status == "connecting");
  REQUIRE(screen.until([&] { return screen.client.state() == ChatClient::State::Reconnecting; }));
  CHECK(screen.overlay.view().status.starts_with("reconnecting in 1 s: "));

  screen.press(SDLK_RETURN);
  screen.type("hello?");
  screen.press(SDLK_RETURN);
  CHECK(screen.overlay.isOpen());
  const ChatLine& last = screen.overlay.log().lines().back();
  CHECK(last.kind == ChatLineKind::Local);
  CHECK(last.text.starts_with("not sent (reconnecting in "));
  CHECK(last.text.ends_with("): hello?"));
  screen.frame();
  CHECK(screen.overlay.view().status.starts_with("reconnecting in "));
  screen.press(SDLK_UP);
  CHECK(screen.overlay.input().text() == "hello?");
}
