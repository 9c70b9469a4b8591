#include "game/server/arena_protocol.h"

#include <algorithm>

#include "game/proto/channels.h"
#include "game/proto/limits.h"
#include "net/chat/chat_wire.h"

namespace weft::game::server {

namespace {
static_assert(proto::kChatChannel == net::kChatChannel,
              "the arena's chat channel is the one net/chat's sessions take");

constexpr std::size_t kMaxClientMessageBytes =
    std::max(proto::kMaxClientMessageBytes, net::kChatMaxClientMessageBytes);
// Over a byte stream the first message is a game Hello or a chat hello, both small.
constexpr std::size_t kMaxFirstMessageBytes =
    std::max(proto::kMaxClientMessageBytes, net::kChatMaxHelloBytes);
}  // namespace

ArenaProtocol::ArenaProtocol(ArenaServer& server, net::ChatRoom* room,
                             net::GameChatStats& chatStats, const net::GameChatConfig& chatConfig)
    : MessageProtocol({.maxMessageBytes = kMaxClientMessageBytes,
                       .maxFirstMessageBytes = kMaxFirstMessageBytes}),
      server_(server),
      serverAlive_(server.lifetime()) {
  if (room) chat_.emplace(*room, static_cast<net::GameChatOwner&>(*this), chatStats, chatConfig);
}

ArenaProtocol::~ArenaProtocol() = default;

void ArenaProtocol::connectionMade() {
  session_ = server_.connected(messages());
  if (chat_ && connected() && !transport().disconnecting()) {
    chat_->connectionMade(messages(), proto::kChatChannel);
  }
}

void ArenaProtocol::connectionLost(const net::Reason& reason) {
  if (chat_) chat_->connectionLost();
  const auto session = std::exchange(session_, std::nullopt);
  if (session && !serverAlive_.expired()) server_.disconnected(*session, reason);
}

void ArenaProtocol::messageReceived(std::uint8_t channel, std::string_view message) {
  if (channel == proto::kChatChannel) {
    if (chat_ && chat_->active()) chat_->messageReceived(message);
    return;
  }
  if (session_ && !serverAlive_.expired()) server_.received(*session_, channel, message);
}

void ArenaProtocol::chatEnded(const net::Reason& reason) {
  // A client that stopped reading will not read its snapshots either.
  if (reason.code == net::ChatRoom::kTooSlow) transport().abortConnection(reason);
}

ArenaFactory::ArenaFactory(ArenaServer& server, net::ChatRoom* room, net::GameChatConfig chatConfig)
    : server_(server), room_(room), chatConfig_(chatConfig) {}

std::unique_ptr<net::Protocol> ArenaFactory::buildProtocol(const net::Address&) {
  return std::make_unique<ArenaProtocol>(server_, room_, chatStats_, chatConfig_);
}

std::size_t ArenaFactory::maxMessageBytes() const {
  return kMaxClientMessageBytes;
}

}  // namespace weft::game::server
