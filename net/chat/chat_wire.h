// The game clients' chat wire format: structured messages (hello with name and last-seen
// sequence, typed lines; welcome, sequenced messages, goodbye) on a MessageTransport's reliable
// channel. Layout: net/chat/WIRE.md. Tests: tests/net/chat/chat_wire_test.cpp,
// tests/fuzz/chat_wire_fuzz.cpp
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "net/chat/chat_message.h"
#include "net/chat/chat_room.h"
#include "net/core/reason.h"
#include "net/core/result.h"

namespace weft::net {

inline constexpr std::uint16_t kChatWireVersion = 1;
// Chat's channel on a connection of its own (GameChatProtocol, ChatClient), and the sessions'
// default on a game's: reliable and ordered (ENet's reliable delivery; framed TCP).
inline constexpr std::uint8_t kChatChannel = 0;
// Longest string field a decoder accepts (a u16 length prefix could say 65535).
inline constexpr std::size_t kChatMaxNameBytes = 1024;
inline constexpr std::size_t kChatMaxTextBytes = 65535;
inline constexpr std::size_t kChatMaxMembersListed = 100000;

// The longest message each side takes, from the layouts in WIRE.md (a str is a u16 length and
// its bytes): what chat's own connections accept (MessageProtocolConfig, ServerFactory), so a
// client cannot make a server hold more of a message than chat can carry.
// Client to server: a Hello with the longest name and a resume (1,046 bytes), the first message;
// an Input with the longest line (65,538 bytes).
inline constexpr std::size_t kChatMaxHelloBytes = 1 + 2 + (2 + kChatMaxNameBytes) + 1 + 8 + 8;
inline constexpr std::size_t kChatMaxInputBytes = 1 + (2 + kChatMaxTextBytes);
inline constexpr std::size_t kChatMaxClientMessageBytes = kChatMaxInputBytes;
static_assert(kChatMaxHelloBytes <= kChatMaxClientMessageBytes);
// Server to client: a Message with the longest sender, text and new name (67,608 bytes), a
// Goodbye (65,543), or a Welcome, which lists the others in the room and has no bound short of
// kChatMaxMembersListed. A client takes 1 MiB: a Welcome listing 10,000 members whose names are
// ChatRoomConfig's default 24 characters of 4 bytes each (98 bytes on the wire) fits.
inline constexpr std::size_t kChatMaxEntryBytes =
    1 + 1 + 8 + 8 + 1 + (2 + kChatMaxNameBytes) + (2 + kChatMaxTextBytes) + (2 + kChatMaxNameBytes);
inline constexpr std::size_t kChatMaxServerMessageBytes = 1 << 20;
static_assert(kChatMaxEntryBytes <= kChatMaxServerMessageBytes);

// --- Client to server --------------------------------------------------------------------
struct ChatHello {
  std::uint16_t version = kChatWireVersion;  // another version's hello carries only this
  std::string name;
  std::optional<ChatResume> resume;  // "I was here before: send what I missed"
  friend bool operator==(const ChatHello&, const ChatHello&) = default;
};
struct ChatInput {
  std::string line;  // as typed: text to say, or a command ("/nick bob")
  friend bool operator==(const ChatInput&, const ChatInput&) = default;
};
using ChatClientMessage = std::variant<ChatHello, ChatInput>;

// --- Server to client --------------------------------------------------------------------
struct ChatWelcomeMessage {
  std::uint16_t version = kChatWireVersion;
  std::string name;  // the name the room gave (maybe with a number appended)
  std::uint64_t roomId = 0;
  std::uint64_t lastSeq = 0;         // messages up to here came before this join
  std::uint64_t oldestSeq = 0;       // history's oldest; a resume from further back lost some
  std::vector<std::string> members;  // the others already in the room
  friend bool operator==(const ChatWelcomeMessage&, const ChatWelcomeMessage&) = default;
};
struct ChatEntry {
  ChatMessage message;
  bool replay = false;  // an answer to /history, not news
  friend bool operator==(const ChatEntry&, const ChatEntry&) = default;
};
struct ChatGoodbye {
  ReasonCode code = ReasonCode::Done;
  bool mayRetry = false;  // true: come back later (full, restarting); false: do not reconnect
  std::string reason;     // for the player: "Too many connections, try later"
  friend bool operator==(const ChatGoodbye&, const ChatGoodbye&) = default;
};
using ChatServerMessage = std::variant<ChatWelcomeMessage, ChatEntry, ChatGoodbye>;

// What we write we trust (asserted: no string over its limit). What we read is checked: any
// truncation, unknown type or kind, bad flag, string over its limit or trailing byte is an
// Error naming the problem, and nothing is accepted that encode would not write the same way.
std::string encodeChat(const ChatClientMessage& message);
std::string encodeChat(const ChatServerMessage& message);
// The fan-out's fast path: a ChatEntry straight from a delivery, without copying the message.
std::string encodeChatEntry(const ChatMessage& message, bool replay);
Result<ChatClientMessage> decodeChatClientMessage(std::string_view bytes);
Result<ChatServerMessage> decodeChatServerMessage(std::string_view bytes);

}  // namespace weft::net
