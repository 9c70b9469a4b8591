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

// What the game front has seen go wrong, across its connections.
struct GameChatStats {
  std::uint64_t badMessages = 0;  // undecodable, on a wrong channel, or out of turn: dropped
};

class GameChatProtocol final : public MessageProtocol, public ChatMember {
 public:
  GameChatProtocol(ChatRoom& room, GameChatStats& stats);

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
  std::optional<ChatRoom::MemberId> id_;  // while the room knows this connection
  bool helloed_ = false;
};

// Builds a GameChatProtocol for every connection, on any transport: ENet ports and framed TCP.
class GameChatFactory final : public ServerFactory {
 public:
  explicit GameChatFactory(ChatRoom& room) : room_(room) {}
  std::unique_ptr<Protocol> buildProtocol(const Address& peer) override;
  const GameChatStats& stats() const { return stats_; }

 private:
  ChatRoom& room_;
  GameChatStats stats_;
};

}  // namespace weft::net
