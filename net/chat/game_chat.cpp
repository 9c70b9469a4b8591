#include "net/chat/game_chat.h"

namespace weft::net {

GameChatProtocol::GameChatProtocol(ChatRoom& room, GameChatStats& stats,
                                   const GameChatConfig& config)
    : MessageProtocol({.maxMessageBytes = kChatMaxClientMessageBytes,
                       .maxFirstMessageBytes = kChatMaxHelloBytes}),
      stats_(stats),
      session_(room, *this, stats, config) {}

void GameChatProtocol::connectionMade() {
  session_.connectionMade(messages(), kChatChannel);
}

void GameChatProtocol::connectionLost(const Reason&) {
  session_.connectionLost();
}

void GameChatProtocol::messageReceived(std::uint8_t channel, std::string_view message) {
  if (channel == kChatChannel) return session_.messageReceived(message);
  if (session_.active()) ++stats_.badMessages;  // once chat is over nothing counts
}

void GameChatProtocol::chatEnded(const Reason& reason) {
  // A client that stopped reading would never read the Goodbye: cut it off at once, as the
  // telnet front does, rather than wait for a backlog that will not drain.
  if (reason.code == ChatRoom::kTooSlow) return transport().abortConnection(reason);
  messages().disconnect(reason.code);
}

std::unique_ptr<Protocol> GameChatFactory::buildProtocol(const Address&) {
  return std::make_unique<GameChatProtocol>(room_, stats_, config_);
}

}  // namespace weft::net
