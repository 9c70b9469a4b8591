// ChatOverlay: the drop-in chat for any SDL game — bound to a ChatClientSession (a ChatClient's,
// or one on the game's own connection), opened with Enter or T, it sends typed lines (commands
// too), shows the scrollback in colours and the connection state, and while closed fades recent
// lines over the game and counts what went unread. While open it takes the keyboard, so typing
// never moves the player.
// Tests: tests/engine/overlays/chat_overlay_test.cpp,
// tests/engine/overlays/chat_overlay_frame_test.cpp,
// tests/engine/overlays/chat_overlay_session_test.cpp
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <bitset>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/overlay.h"
#include "engine/overlays/chat_input.h"
#include "engine/overlays/chat_log.h"
#include "net/chat/chat_client.h"
#include "net/chat/chat_client_session.h"

namespace weft::engine {

struct ChatOverlayConfig {
  ChatLogConfig log;
  ChatInputConfig input;
  SDL_Keycode openKey = SDLK_t;        // opens the input; the letter it types is swallowed
  SDL_Keycode enterKey = SDLK_RETURN;  // opens the input, and sends (keypad Enter too)
  SDL_Keycode closeKey = SDLK_ESCAPE;  // closes the input, dropping what was typed
  bool closeAfterSend = true;          // as in most games: say one thing, back to playing
  // Where the chat sits, as fractions of the screen (left, top, width, height).
  float x = 0.01f;
  float y = 0.52f;
  float width = 0.45f;
  float height = 0.40f;
  std::size_t linesWhileClosed = 8;  // the most recent lines that may fade over the game
  float openBackground = 0.60f;      // window background alpha while open
  float closedBackground = 0.25f;    // behind the fading lines, times their alpha
  ImVec4 sayColour{0.93f, 0.93f, 0.93f, 1.0f};
  ImVec4 meColour{0.85f, 0.60f, 1.00f, 1.0f};
  ImVec4 systemColour{0.98f, 0.82f, 0.35f, 1.0f};
  ImVec4 privateColour{0.45f, 0.90f, 0.80f, 1.0f};
  ImVec4 localColour{1.00f, 0.55f, 0.45f, 1.0f};
  ImVec4 statusColour{0.65f, 0.70f, 0.75f, 1.0f};   // "in the room as anna (3 members)"
  ImVec4 problemColour{1.00f, 0.62f, 0.30f, 1.0f};  // connecting, reconnecting, disconnected
};

// What the last draw() showed, for tests and for a game that wants to know.
struct ChatOverlayView {
  bool open = false;
  std::string status;           // the connection line, empty when none was shown
  std::size_t linesShown = 0;   // scrollback lines drawn (all when open; the unfaded when closed)
  std::size_t unreadShown = 0;  // the unread count drawn while closed, 0 when none
  float scrollY = 0;            // the scrollback's position and range, in pixels (open only)
  float scrollMaxY = 0;
};

class ChatOverlay final : public Overlay {
 public:
  // `chat` must outlive the overlay. Asserts a config with placement outside [0, 1].
  explicit ChatOverlay(net::ChatClientSession& chat, ChatOverlayConfig config = {});
  // Bound to `client`'s session.
  explicit ChatOverlay(net::ChatClient& client, ChatOverlayConfig config = {})
      : ChatOverlay(client.session(), std::move(config)) {}
  ~ChatOverlay() override;
  ChatOverlay(const ChatOverlay&) = delete;
  ChatOverlay& operator=(const ChatOverlay&) = delete;

  EventUse handleEvent(const SDL_Event& event) override;
  // Takes the client's events, then draws (ImGui frame required).
  void draw(net::TimePoint now) override;
  // Takes the client's events into the log without drawing: draw() does this first; a caller
  // with no ImGui frame (a test, a paused game) may call it alone.
  void update(net::TimePoint now);

  void open();
  void close();
  bool isOpen() const { return open_; }

  const ChatLog& log() const { return log_; }
  const ChatInput& input() const { return input_; }
  const ChatOverlayView& view() const { return view_; }
  const ChatOverlayConfig& config() const { return config_; }

 private:
  EventUse keyDown(const SDL_KeyboardEvent& key);
  void send();
  void paste();
  void drawOpen();
  void drawClosed(net::TimePoint now);
  void drawStatus(bool always);
  void drawInput();
  ImVec4 colourOf(ChatLineKind kind) const;

  net::ChatClientSession& chat_;
  ChatOverlayConfig config_;
  ChatLog log_;
  ChatInput input_;
  ChatOverlayView view_;
  net::TimePoint now_{};
  bool open_ = false;
  bool swallowOpenText_ = false;   // the open key's own text event is still to come
  bool startedTextInput_ = false;  // we turned SDL text input on, so we turn it off
  bool scrollToBottom_ = false;    // just opened: show the newest lines
  int scrollPages_ = 0;            // Page Up/Down pressed since the last frame
  std::uint64_t addedSeen_ = 0;    // log_.added() at the last frame
  // The open view's last frame: each line's top (pixels in the scrollback) and log_.dropped(),
  // so lines trimmed off the top while the player reads above can be scrolled away unseen.
  std::vector<float> lineTops_;
  // The closed view's lines this frame, newest first, with their fade: kept to reuse its memory.
  std::vector<std::pair<const ChatLine*, float>> shown_;
  std::uint64_t droppedSeen_ = 0;
  float lastScrollY_ = 0;
  bool lastAtBottom_ = true;
  std::bitset<SDL_NUM_SCANCODES> keysTaken_;  // key downs we consumed: their key ups are ours
};

}  // namespace weft::engine
