#include "net/chat/game_chat_session.h"

#include <utility>

#include "net/chat/chat_wire.h"
#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

// Who may come back: a full room, an address holding its share of places, or a restarting
// server will have room again; someone told to stop (flooding, /quit, a version the server
// does not speak) should not hammer it.
bool mayRetry(ReasonCode code) {
  return code == ReasonCode::ShuttingDown || code == ChatRoom::kRoomFullCode ||
         code == ChatRoom::kNameTimeout || code == ChatRoom::kTooManyFromAddressCode;
}

std::string encodeDelivery(const ChatDelivery& delivery) {
  return encodeChatEntry(delivery.message(), delivery.replay());
}

}  // namespace

GameChatSession::GameChatSession(ChatRoom& room, GameChatOwner& owner, GameChatStats& stats,
                                 const GameChatConfig& config)
    : room_(room),
      owner_(owner),
      stats_(stats),
      maxBufferedBytes_(config.maxBufferedBytes),
      helloTimeout_(config.helloTimeout) {
  WEFT_ASSERT(helloTimeout_ > Duration::zero(), "GameChatConfig::helloTimeout must be positive");
}

GameChatSession::~GameChatSession() {
  connectionLost();
}

void GameChatSession::connectionMade(MessageTransport& out, std::uint8_t channel) {
  WEFT_ASSERT(out_ == nullptr && !helloed_,
              "GameChatSession::connectionMade: once per session; make a new one per connection");
  WEFT_ASSERT(channel < out.channelCount(),
              "GameChatSession::connectionMade: the transport has no such channel");
  out_ = &out;
  channel_ = channel;
  ChatRoom::Admission admission = room_.admit(*this, owner_.chatPeer());
  if (!admission) return end(admission.refusal);
  id_ = *admission;
  if (Scheduler* timers = out.scheduler()) {
    helloTimer_ = timers->callLater(helloTimeout_, [this] { helloOverdue(); });
  }
}

void GameChatSession::helloOverdue() {
  // The room dismisses it (dismissed(): the Goodbye, then the owner closes the connection).
  if (id_ && !helloed_) room_.expire(*id_);
}

void GameChatSession::connectionLost() {
  helloTimer_.cancel();
  // Leave first: the room's log line still names the peer.
  if (id_) room_.leave(*std::exchange(id_, std::nullopt));
  out_ = nullptr;
}

void GameChatSession::messageReceived(std::string_view bytes) {
  if (!id_) return;  // refused or ended: what is still in flight does not matter
  auto decoded = decodeChatClientMessage(bytes);
  if (!decoded) {
    ++stats_.badMessages;
    return;
  }
  if (auto* hello = std::get_if<ChatHello>(&*decoded)) {
    if (helloed_) {
      ++stats_.badMessages;  // a second hello
      return;
    }
    helloed_ = true;
    helloTimer_.cancel();
    if (hello->version != kChatWireVersion) {
      room_.leave(*std::exchange(id_, std::nullopt));
      return end(Reason::protocolError(
          strCat("Version mismatch: this server speaks chat protocol version ", kChatWireVersion,
                 ", the client ", hello->version)));
    }
    return room_.join(*id_, hello->name, hello->resume);
  }
  if (!helloed_) {
    ++stats_.badMessages;  // a line before the hello
    return;
  }
  room_.input(*id_, std::get<ChatInput>(*decoded).line);
}

void GameChatSession::deliver(const ChatDelivery& delivery) {
  if (!id_ || !out_) return;
  if (owner_.chatBacklog() > maxBufferedBytes_) {
    ++stats_.tooSlow;
    // From inside the room's delivery: the leave takes effect once the room's call is done.
    room_.leave(*std::exchange(id_, std::nullopt));
    return end({ChatRoom::kTooSlow, "too far behind: stopped reading"});
  }
  send(delivery.encoded(ChatEncoding::Game, encodeDelivery));
}

void GameChatSession::welcomed(const ChatWelcome& welcome) {
  ChatWelcomeMessage message;
  message.name = std::string(welcome.name);
  message.roomId = welcome.roomId;
  message.lastSeq = welcome.lastSeq;
  message.oldestSeq = welcome.oldestSeq;
  message.members.reserve(welcome.room.memberCount());
  welcome.room.forEachMember([&](std::string_view name) { message.members.emplace_back(name); });
  send(encodeChat(ChatServerMessage(std::move(message))));
}

void GameChatSession::dismissed(const Reason& reason) {
  id_.reset();
  end(reason);
}

void GameChatSession::end(const Reason& reason) {
  helloTimer_.cancel();
  send(encodeChat(
      ChatServerMessage(ChatGoodbye{reason.code, mayRetry(reason.code), reason.detail})));
  owner_.chatEnded(reason);  // last: the owner may close the connection here
}

void GameChatSession::send(std::string_view message) {
  if (out_) out_->send(channel_, message, Delivery::Reliable);
}

std::string GameChatSession::describe() const {
  return out_ ? strCat("game ", owner_.chatPeer().toString()) : "game";
}

}  // namespace weft::net
