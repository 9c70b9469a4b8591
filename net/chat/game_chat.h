// GameChat: the chat room on a connection of its own — a GameChatSession on channel 0 of a
// whole MessageProtocol connection, so one server front runs over ENet and over framed TCP
// (weft-chatd's game ports). A game that carries chat beside its own traffic uses the session.
// Tests: tests/net/chat/game_chat_test.cpp, tests/net/chat/chat_client_test.cpp
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "net/chat/chat_room.h"
#include "net/chat/chat_wire.h"
#include "net/chat/game_chat_session.h"
#include "net/core/factory.h"
#include "net/protocols/message_protocol.h"

namespace weft::net {

// Chat on kChatChannel; a message on any other channel is counted as bad and dropped. It takes
// messages of at most kChatMaxClientMessageBytes, and over a byte stream a first one of at most
// kChatMaxHelloBytes; a longer one closes the connection with MessageTooLarge. When the
// chat ends (see GameChatOwner::chatEnded) the connection ends with it, with the same code:
// disconnected after the Goodbye, or aborted for a client too far behind to read one.
class GameChatProtocol final : public MessageProtocol, private GameChatOwner {
 public:
  GameChatProtocol(ChatRoom& room, GameChatStats& stats, const GameChatConfig& config = {});

  // Protocol / MessageProtocol
  void connectionMade() override;
  void connectionLost(const Reason& reason) override;
  void messageReceived(std::uint8_t channel, std::string_view message) override;

 private:
  // GameChatOwner
  std::size_t chatBacklog() const override { return transport().bufferedBytes(); }
  Address chatPeer() const override { return transport().peer(); }
  void chatEnded(const Reason& reason) override;

  GameChatStats& stats_;
  GameChatSession session_;
};

// Builds a GameChatProtocol for every connection, on any transport: ENet ports and framed TCP.
class GameChatFactory final : public ServerFactory {
 public:
  explicit GameChatFactory(ChatRoom& room, GameChatConfig config = {})
      : room_(room), config_(config) {}
  std::unique_ptr<Protocol> buildProtocol(const Address& peer) override;
  // What a chat client can send: an ENet port holds no more of a peer's message than this.
  std::size_t maxMessageBytes() const override { return kChatMaxClientMessageBytes; }
  const GameChatStats& stats() const { return stats_; }

 private:
  ChatRoom& room_;
  GameChatConfig config_;
  GameChatStats stats_;
};

}  // namespace weft::net
