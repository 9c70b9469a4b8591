// ChatOverlay bound to a ChatClientSession that a game's client owns (no ChatClient): headless
// behind a real ImGuiLayer, with the game's connection a recording MessageTransport and a
// scripted server. The overlay shows what the session hears, sends on the game's chat channel,
// and reads the connection's state between connections from the game.

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "engine/imgui/imgui_layer.h"
#include "engine/overlays/chat_overlay.h"
#include "tests/engine/support/headless_sdl.h"
#include "tests/engine/support/sdl_events.h"
#include "net/chat/chat_client_session.h"
#include "net/testing/manual_clock.h"
#include "net/testing/recording_logger.h"
#include "tests/net/chat/chat_session_support.h"

using namespace weft;
using namespace std::chrono_literals;
using weft::testing::keyEvent;
using weft::testing::textEvent;

namespace {

constexpr std::uint8_t kGameChatChannel = 2;

// The game's client: it owns the session and says where its connection stands.
class GameClient final : public net::ChatClientOwner {
 public:
  net::ChatState connectionState() const override { return state; }
  std::optional<net::Duration> nextAttemptIn() const override { return next; }
  void chatEnded(const net::ChatEnding&) override {}
  net::ChatState state = net::ChatState::Connecting;
  std::optional<net::Duration> next;
};

std::string welcome() {
  return net::encodeChat(net::ChatServerMessage(
      net::ChatWelcomeMessage{net::kChatWireVersion, "anna", 7, 1, 1, {"bob"}}));
}
std::string said(std::uint64_t seq, std::string sender, std::string text) {
  net::ChatMessage m;
  m.seq = seq;
  m.kind = net::ChatKind::Say;
  m.sender = std::move(sender);
  m.text = std::move(text);
  return net::encodeChat(net::ChatServerMessage(net::ChatEntry{m, false}));
}

}  // namespace

TEST_CASE("the overlay works on a session a game's client owns, over the game's connection") {
  weft::testing::HeadlessSdl sdl{800, 600};
  weft::testing::ManualClock clock;
  weft::testing::RecordingLogger log;
  GameClient game;
  net::ChatClientSession session(game, log, {.name = "anna", .maxEvents = 100});
  engine::ChatOverlay overlay(session);
  engine::ImGuiLayerConfig layerConfig;
  layerConfig.logger = &log;
  auto layer = std::make_unique<engine::ImGuiLayer>(sdl.window, sdl.renderer, layerConfig);
  layer->add(overlay);
  const auto frame = [&] {
    layer->beginFrame();
    layer->draw(clock.now());
    layer->endFrame();
  };
  const auto shows = [&](const std::string& text) {
    const auto& lines = overlay.log().lines();
    return std::any_of(lines.begin(), lines.end(),
                       [&](const engine::ChatLine& l) { return l.text == text; });
  };

  frame();
  CHECK(overlay.view().status == "connecting");  // the game's word: no connection yet

  weft::test::RecordingMessageTransport connection;
  session.attach(connection, kGameChatChannel);
  connection.sent.clear();  // the hello
  session.messageReceived(welcome());
  session.messageReceived(said(2, "bob", "hi anna"));
  frame();
  CHECK(shows("bob: hi anna"));
  CHECK(overlay.view().status.empty());  // joined, closed: no status line

  layer->handleEvent(keyEvent(SDLK_RETURN));
  layer->handleEvent(textEvent("hello bob"));
  frame();
  layer->handleEvent(keyEvent(SDLK_RETURN));
  const auto sent = connection.takeClientMessages(kGameChatChannel);
  REQUIRE(sent.size() == 1);
  CHECK(std::get<net::ChatInput>(sent[0]).line == "hello bob");

  session.detach(net::Reason::lost("reset"), true);
  game.state = net::ChatState::Reconnecting;
  game.next = 3s;
  frame();
  CHECK(overlay.view().status == "reconnecting in 3 s: Connection lost: reset");
  layer.reset();  // it points at the overlay
}
