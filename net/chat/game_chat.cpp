#include "net/chat/game_chat.h"

#include "net/chat/chat_wire.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

// Who may come back: a full room or a restarting server will have room again; someone told
// to stop (flooding, /quit, a version the server does not speak) should not hammer it.
bool mayRetry(ReasonCode code) {
  return code == ReasonCode::ShuttingDown || code == ChatRoom::kRoomFullCode ||
         code == ChatRoom::kNameTimeout;
}

std::string encodeDelivery(const ChatDelivery& delivery) {
  return encodeChatEntry(delivery.message(), delivery.replay());
}

}  // namespace

GameChatProtocol::GameChatProtocol(ChatRoom& room, GameChatStats& stats,
                                   const GameChatConfig& config)
    : room_(room), stats_(stats), maxBufferedBytes_(config.maxBufferedBytes) {}

void GameChatProtocol::connectionMade() {
  id_ = room_.admit(*this);
  if (!id_) sayGoodbye(ChatRoom::kRoomFullCode, ChatRoom::kRoomFull, true);
}

void GameChatProtocol::connectionLost(const Reason&) {
  if (id_) room_.leave(*std::exchange(id_, std::nullopt));
}

void GameChatProtocol::messageReceived(std::uint8_t channel, std::string_view bytes) {
  if (!id_) return;  // refused or dismissed: what is still in flight does not matter
  if (channel != kChatChannel) return bad(strCat("a message on channel ", int(channel)));
  auto decoded = decodeChatClientMessage(bytes);
  if (!decoded) return bad(decoded.error().message);
  if (auto* hello = std::get_if<ChatHello>(&*decoded)) {
    if (helloed_) return bad("a second hello");
    helloed_ = true;
    if (hello->version != kChatWireVersion) {
      room_.leave(*std::exchange(id_, std::nullopt));
      return sayGoodbye(ReasonCode::ProtocolError,
                        strCat("Version mismatch: this server speaks chat protocol version ",
                               kChatWireVersion, ", the client ", hello->version),
                        false);
    }
    return room_.join(*id_, hello->name, hello->resume);
  }
  if (!helloed_) return bad("a line before the hello");
  room_.input(*id_, std::get<ChatInput>(*decoded).line);
}

void GameChatProtocol::bad(std::string_view) { ++stats_.badMessages; }

void GameChatProtocol::deliver(const ChatDelivery& delivery) {
  Transport& out = transport();
  if (out.disconnecting()) return;
  if (out.bufferedBytes() > maxBufferedBytes_) {
    ++stats_.tooSlow;
    return out.abortConnection({ChatRoom::kTooSlow, "too far behind: stopped reading"});
  }
  send(kChatChannel, delivery.encoded(ChatEncoding::Game, encodeDelivery));
}

void GameChatProtocol::welcomed(const ChatWelcome& welcome) {
  ChatWelcomeMessage message;
  message.name = std::string(welcome.name);
  message.roomId = welcome.roomId;
  message.lastSeq = welcome.lastSeq;
  message.oldestSeq = welcome.oldestSeq;
  message.members.reserve(welcome.room.memberCount());
  welcome.room.forEachMember([&](std::string_view name) { message.members.emplace_back(name); });
  send(kChatChannel, encodeChat(ChatServerMessage(std::move(message))));
}

void GameChatProtocol::dismissed(const Reason& reason) {
  id_.reset();
  sayGoodbye(reason.code, reason.detail, mayRetry(reason.code));
}

void GameChatProtocol::sayGoodbye(ReasonCode code, std::string_view reason, bool retry) {
  send(kChatChannel, encodeChat(ChatServerMessage(ChatGoodbye{code, retry, std::string(reason)})));
  messages().disconnect(code);
}

std::string GameChatProtocol::describe() const {
  return connected() ? strCat("game ", transport().peer().toString()) : "game";
}

std::unique_ptr<Protocol> GameChatFactory::buildProtocol(const Address&) {
  return std::make_unique<GameChatProtocol>(room_, stats_, config_);
}

}  // namespace weft::net
