// GameChat: the chat room for game clients — the structured messages of WIRE.md on a
// MessageProtocol, so one server front runs over ENet's reliable channel and over framed TCP.
// Tests: tests/net/chat/game_chat_test.cpp, tests/net/chat/chat_client_test.cpp
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/chat/chat_room.h"
#include "net/core/factory.h"
#include "net/protocols/message_protocol.h"

namespace weft::net {

struct GameChatConfig {
  // A client this far behind (bytes queued and not yet taken by the transport) is cut off, so
  // one that stops reading cannot make the server hold the room's chatter for it forever.
  std::size_t maxBufferedBytes = 1 << 20;
};

// What the game front has seen go wrong, across its connections.
struct GameChatStats {
  std::uint64_t badMessages = 0;  // undecodable, on a wrong channel, or out of turn: dropped
  std::uint64_t tooSlow = 0;      // clients cut off for falling too far behind
};

class GameChatProtocol final : public MessageProtocol, public ChatMember {
 public:
  GameChatProtocol(ChatRoom& room, GameChatStats& stats, const GameChatConfig& config = {});

  // Protocol / MessageProtocol
  void connectionMade() override;
  void connectionLost(const Reason& reason) override;
  void messageReceived(std::uint8_t channel, std::string_view message) override;
  // ChatMember
  void deliver(const ChatDelivery& delivery) override;
  void welcomed(const ChatWelcome& welcome) override;
  void dismissed(const Reason& reason) override;
  std::string describe() const override;

 private:
  // Says why (a ChatGoodbye) and disconnects with `code`, so the client can show the reason.
  void sayGoodbye(ReasonCode code, std::string_view reason, bool mayRetry);
  void bad(std::string_view what);

  ChatRoom& room_;
  GameChatStats& stats_;
  std::size_t maxBufferedBytes_;
  std::optional<ChatRoom::MemberId> id_;  // while the room knows this connection
  bool helloed_ = false;
};

// Builds a GameChatProtocol for every connection, on any transport: ENet ports and framed TCP.
class GameChatFactory final : public ServerFactory {
 public:
  explicit GameChatFactory(ChatRoom& room, GameChatConfig config = {})
      : room_(room), config_(config) {}
  std::unique_ptr<Protocol> buildProtocol(const Address& peer) override;
  const GameChatStats& stats() const { return stats_; }

 private:
  ChatRoom& room_;
  GameChatConfig config_;
  GameChatStats stats_;
};

}  // namespace weft::net
