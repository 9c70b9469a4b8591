// ArenaProtocol and ArenaFactory: an ArenaServer on any MessageTransport (an ENet port, framed
// TCP, a simulated link), with the server's chat room on the same connection's chat channel.
// Tests: tests/game/server/arena_protocol_test.cpp
#pragma once

#include <memory>
#include <optional>

#include "game/server/arena_server.h"
#include "net/chat/chat_room.h"
#include "net/chat/game_chat_session.h"
#include "net/core/factory.h"
#include "net/protocols/message_protocol.h"

namespace weft::game::server {

// One connection: game messages go to the server, the chat channel to a GameChatSession in the
// room (when the factory has one). Chat that ends (a flood, /quit, a client with no chat that
// never says its chat hello) leaves the game playing; only a client too slow to read is cut off.
class ArenaProtocol final : public net::MessageProtocol, private net::GameChatOwner {
 public:
  ArenaProtocol(ArenaServer& server, net::ChatRoom* room, net::GameChatStats& chatStats,
                const net::GameChatConfig& chatConfig);
  ~ArenaProtocol() override;

  void connectionMade() override;
  void connectionLost(const net::Reason& reason) override;
  void messageReceived(std::uint8_t channel, std::string_view message) override;

 private:
  std::size_t chatBacklog() const override { return transport().bufferedBytes(); }
  net::Address chatPeer() const override { return transport().peer(); }
  void chatEnded(const net::Reason& reason) override;

  ArenaServer& server_;
  std::weak_ptr<const bool> serverAlive_;  // ArenaServer::lifetime()
  std::optional<net::GameChatSession> chat_;
  std::optional<SessionId> session_;  // from connectionMade to connectionLost
};

class ArenaFactory final : public net::ServerFactory {
 public:
  // `server` and `room` (none: no chat on game connections) must outlive the factory.
  ArenaFactory(ArenaServer& server, net::ChatRoom* room, net::GameChatConfig chatConfig = {});
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address& peer) override;
  // A game client's longest message: a chat line (the game's own are far smaller).
  std::size_t maxMessageBytes() const override;
  const net::GameChatStats& chatStats() const { return chatStats_; }

 private:
  ArenaServer& server_;
  net::ChatRoom* room_;
  net::GameChatConfig chatConfig_;
  net::GameChatStats chatStats_;
};

}  // namespace weft::game::server
