// ChatMessage: one line of the chat room as every front and client sees it — sequence number,
// wall time, kind, sender and text — a plain value, copied into history and onto the wire.
// Tests: tests/net/chat/chat_room_test.cpp, tests/net/chat/chat_wire_test.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace weft::net {

// Wall time, in milliseconds since the Unix epoch: what a log line or an overlay shows. The room
// derives it from its injected Clock (see WallClockAnchor), never from the system clock.
using ChatTime = std::chrono::sys_time<std::chrono::milliseconds>;

// Four kinds of message — say, me, system and private — with "system" split by what happened,
// so a client can keep its member list from the messages alone. The values are the wire's.
enum class ChatKind : std::uint8_t {
  Say = 0,      // sender said text
  Me = 1,       // sender did text ("/me waves")
  Join = 2,     // system: sender joined; text is the announcement
  Leave = 3,    // system: sender left; text is the announcement
  Rename = 4,   // system: sender is now called renamedTo; text is the announcement
  Notice = 5,   // system: the room announces text to everyone (shutting down...)
  Private = 6,  // to one member only: a command's answer, a warning; text may hold several lines
};
inline constexpr std::uint8_t kChatKinds = 7;

std::string_view describe(ChatKind kind);

// Sequence numbers count the room's messages from 1, without gaps. Private messages are not
// part of that sequence: their seq is 0, and they never appear in history.
inline constexpr std::uint64_t kUnsequenced = 0;

struct ChatMessage {
  std::uint64_t seq = kUnsequenced;
  ChatTime time{};
  ChatKind kind = ChatKind::Private;
  std::string sender;     // a member's name (the old one for Rename); empty for Notice/Private
  std::string text;       // already sanitised: valid UTF-8, no control characters or escapes
  std::string renamedTo;  // Rename only

  friend bool operator==(const ChatMessage&, const ChatMessage&) = default;
};

}  // namespace weft::net
