// TelnetChat: the chat room for telnet and nc users — a dialogue over lines: a name prompt, the
// first line is the name, then "<name>: text", "* name action", "<All welcome name, client no.
// N!>", "<name has gone away>", "<old renamed to new>" and the /list and /help texts (their
// words, and where they come from: chat_texts.h).
// Tests: tests/net/chat/telnet_chat_test.cpp, tests/net/chat/chat_hello_timeout_test.cpp,
// tests/fuzz/telnet_chat_fuzz.cpp
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/chat/chat_room.h"
#include "net/chat/chat_texts.h"
#include "net/core/clock.h"
#include "net/core/factory.h"
#include "net/core/scheduler.h"
#include "net/protocols/line_receiver.h"

namespace weft::net {

struct TelnetChatConfig {
  // Longest line read; a longer one is skipped with a notice (the connection stays). Above the
  // room's message limit, so that a line a little too long gets the room's clearer notice.
  std::size_t maxLineBytes = 4096;
  // A member this far behind (bytes written and not yet taken by its socket) is cut off, so a
  // client that stops reading cannot make the server hold the room's chatter for it forever.
  std::size_t maxBufferedBytes = 1 << 20;
  // A connection that has not typed its name (a telnet user's hello) this long after the
  // prompt is expired from the room (ChatRoom::expire: "You took too long to choose a name",
  // then closed), full room or not, so an abandoned prompt cannot hold a place, its address's
  // share of places and a descriptor for ever. People type slower than programs say hello:
  // five minutes, where ChatRoomConfig::nameTimeout (60 s) still applies when the room is full.
  Duration helloTimeout = std::chrono::minutes(5);
};

// A message as a telnet user reads it, every line ending "\r\n": what a member said, "<anna>:
// hi"; what a member did, "* anna waves"; and "<text>" for each line of everything the room
// says (joins, leaves, renames, notices, answers to commands).
//
// No member can make a line that reads as one of the room's, byte for byte. A member's line
// starts "<NAME>: " or "* "; a room line starts "<" and holds no ">" before its last
// character. Names never hold '<' or '>' (sanitizeName), and the room's texts are made of
// names and of fixed sentences without '>' (chat_texts.h, and the shutdown notice loses its
// angle brackets), so the first ">" of a member's "<NAME>: " line is never its last character,
// and no room line starts "* ". (Twisted's tutorial shows an action as "<anna waves>": a name
// with a space in it could then write "<anna has gone away>" itself.)
std::string renderTelnet(const ChatDelivery& delivery);

// Removes telnet commands (IAC sequences, option negotiation, subnegotiation) that a telnet
// client may send amid its lines, e.g. for Ctrl-C. Byte 255 never occurs in UTF-8 text.
std::string stripTelnetCommands(std::string_view line);

class TelnetChatProtocol final : public LineReceiver, public ChatMember {
 public:
  TelnetChatProtocol(ChatRoom& room, const TelnetChatConfig& config);

  // Protocol
  void connectionMade() override;
  void connectionLost(const Reason& reason) override;
  // LineReceiver
  void lineReceived(std::string_view line) override;
  void lineLengthExceeded(std::string_view partialLine) override;
  // ChatMember
  void deliver(const ChatDelivery& delivery) override;
  void welcomed(const ChatWelcome& welcome) override;
  void dismissed(const Reason& reason) override;
  std::string describe() const override;

 private:
  ChatRoom& room_;
  std::size_t maxBufferedBytes_;
  Duration helloTimeout_;
  ScopedCall helloTimer_;                 // from the prompt until the name (transport's timers)
  std::optional<ChatRoom::MemberId> id_;  // while the room knows this connection
  bool named_ = false;                    // the first line (the name) has been read
};

// Builds a TelnetChatProtocol for every connection; `room` must outlive the factory's ports.
class TelnetChatFactory final : public ServerFactory {
 public:
  explicit TelnetChatFactory(ChatRoom& room, TelnetChatConfig config = {})
      : room_(room), config_(config) {}
  std::unique_ptr<Protocol> buildProtocol(const Address& peer) override;

 private:
  ChatRoom& room_;
  TelnetChatConfig config_;
};

}  // namespace weft::net
