// ChatLog: the chat overlay's scrollback without ImGui — what the chat session's events read as,
// in which colour, how many arrived unseen while the chat was closed, and how far each line
// has faded over the game; so all of it is tested with a ManualClock and no window.
// Tests: tests/engine/overlays/chat_log_test.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "net/chat/chat_event.h"
#include "net/core/clock.h"

namespace weft::engine {

struct ChatLogConfig {
  std::size_t maxLines = 500;                       // kept; beyond, the oldest go
  net::Duration showFor = std::chrono::seconds(8);  // while closed: a new line fully visible
  net::Duration fadeFor = std::chrono::seconds(2);  // then fades out over this long
};

// What a line is, which decides its colour.
enum class ChatLineKind : std::uint8_t {
  Say,      // a member said something
  Me,       // "/me waves": "* anna waves"
  System,   // joins, leaves, renames, the room's notices
  Private,  // to us only: answers to commands (/list, /help), warnings
  Local,    // from this client, not the room: connection changes, "not sent"
};

struct ChatLine {
  ChatLineKind kind = ChatLineKind::Say;
  std::string text;     // as shown; may hold several lines (a /help answer)
  net::TimePoint at{};  // when it arrived (the overlay's clock): the fade starts here
};

class ChatLog {
 public:
  // Asserts a config that makes no sense (no lines kept).
  explicit ChatLog(ChatLogConfig config = {});

  // Adds what `event` says, if anything a player reads (a Joined event does, a Message always
  // does). `ownName` is our name in the room: our own lines are not unread news.
  void add(const net::ChatEvent& event, std::string_view ownName, net::TimePoint now);
  // Adds a line of our own making ("not sent: ...").
  void addLocal(std::string text, net::TimePoint now);

  const std::deque<ChatLine>& lines() const { return lines_; }
  // Lines ever added; lines().size() stops growing at maxLines, this does not, so a view can
  // tell that lines were added even when as many fell off the top.
  std::uint64_t added() const { return added_; }
  // Lines dropped off the top to keep maxLines.
  std::uint64_t dropped() const { return added_ - lines_.size(); }

  // While closed, new lines from others count as unread; opening reads them all.
  void setOpen(bool open);
  bool open() const { return open_; }
  std::size_t unread() const { return unread_; }

  // How visible `line` is over the game while the chat is closed, at `now`: 1 for showFor after
  // it arrived, then falling linearly to 0 over fadeFor.
  float alpha(const ChatLine& line, net::TimePoint now) const;

  const ChatLogConfig& config() const { return config_; }

 private:
  void push(ChatLine line, bool news);

  ChatLogConfig config_;
  std::deque<ChatLine> lines_;
  std::uint64_t added_ = 0;
  std::size_t unread_ = 0;
  bool open_ = false;
};

// How a room message reads in the overlay: "anna: hi", "* anna waves", or the room's own text.
ChatLine formatMessage(const net::ChatMessage& message);

}  // namespace weft::engine
