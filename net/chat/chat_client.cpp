#include "net/chat/chat_client.h"

#include <algorithm>

#include "net/chat/chat_wire.h"
#include "net/core/str_cat.h"
#include "net/protocols/message_protocol.h"

namespace weft::net {

namespace {
ChatEvent event(ChatEvent::Type type) {
  ChatEvent e;
  e.type = type;
  return e;
}
}  // namespace

// One connection's protocol: hands everything to the client, which outlives it.
class ChatClient::Connection final : public MessageProtocol {
 public:
  explicit Connection(ChatClient& client) : client_(client) {}
  void connectionMade() override { client_.connected(*this); }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    if (channel == kChatChannel) client_.received(message);
  }
  void connectionLost(const Reason& reason) override { client_.lost(reason); }

 private:
  ChatClient& client_;
};

class ChatClient::Factory final : public ReconnectingClientFactory {
 public:
  Factory(ChatClient& client, const ReconnectPolicy& policy)
      : ReconnectingClientFactory(policy), client_(client) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Connection>(client_);
  }
  void clientConnectionFailed(Connector& connector, const Reason& reason) override {
    ReconnectingClientFactory::clientConnectionFailed(connector, reason);
    client_.failed(reason);
  }

 private:
  ChatClient& client_;
};

ChatClient::ChatClient(Reactor& reactor, const Endpoint& endpoint, ChatClientConfig config)
    : reactor_(reactor), config_(std::move(config)), name_(config_.name) {
  factory_ = std::make_unique<Factory>(*this, config_.reconnect);
  connector_ = reactor_.connect(endpoint, *factory_);
}

ChatClient::~ChatClient() {
  stopped_ = true;
  onEvent_ = nullptr;
  factory_->stopTrying();
  connector_.reset();  // the connection's connectionLost runs now, while we still exist
}

void ChatClient::stop() {
  if (stopped_) return;
  stopped_ = true;
  factory_->stopTrying();
  connector_->disconnect();
}

// --- Connection events ---------------------------------------------------------------------

void ChatClient::connected(Connection& connection) {
  connection_ = &connection;
  goodbye_.reset();
  ChatHello hello;
  hello.name = name_.substr(0, kChatMaxNameBytes);  // the room sanitises what is cut
  if (roomId_) hello.resume = ChatResume{*roomId_, lastSeq_};
  connection.send(kChatChannel, encodeChat(ChatClientMessage(std::move(hello))));
}

void ChatClient::received(std::string_view bytes) {
  auto decoded = decodeChatServerMessage(bytes);
  if (!decoded) {
    // The server is ours to trust less than ourselves: a message we cannot read is dropped,
    // and logged, as every decoder does with what it reads.
    reactor_.logger().warning(strCat("chat: dropped a message from the server: ",
                                     decoded.error().message));
    return;
  }
  if (auto* w = std::get_if<ChatWelcomeMessage>(&*decoded)) return welcome(*w);
  if (auto* e = std::get_if<ChatEntry>(&*decoded)) return entry(*e);
  const auto& goodbye = std::get<ChatGoodbye>(*decoded);
  goodbye_ = Reason{goodbye.code, goodbye.reason};
  if (!goodbye.mayRetry) factory_->stopTrying();
}

void ChatClient::welcome(ChatWelcomeMessage& w) {
  if (w.version != kChatWireVersion) {
    goodbye_ = Reason::protocolError(strCat("the server speaks chat protocol version ", w.version,
                                            ", this client ", kChatWireVersion));
    factory_->stopTrying();
    connection_->messages().disconnect(ReasonCode::ProtocolError);
    return;
  }
  std::uint64_t missed = 0;
  if (roomId_ && *roomId_ == w.roomId) {
    // We asked for everything after lastSeq_; history starts at oldestSeq.
    const std::uint64_t wanted = lastSeq_ + 1;
    const std::uint64_t available = std::min(w.oldestSeq, w.lastSeq + 1);
    if (available > wanted) missed = available - wanted;
  } else if (roomId_) {
    // A new room (the server restarted): it sends all it kept, numbered from 1.
    lastSeq_ = 0;
    missed = std::min(w.oldestSeq, w.lastSeq + 1) - 1;
  } else {
    lastSeq_ = w.lastSeq;  // a first join asks for no backfill: older messages are not news
  }
  roomId_ = w.roomId;
  welcomeSeq_ = w.lastSeq;
  name_ = w.name;
  members_ = std::move(w.members);
  joined_ = true;
  factory_->resetDelay();
  ChatEvent joinedEvent = event(ChatEvent::Type::Joined);
  joinedEvent.name = name_;
  push(std::move(joinedEvent));
  if (missed > 0) {
    ChatEvent gap = event(ChatEvent::Type::Missed);
    gap.missed = missed;
    push(std::move(gap));
  }
}

void ChatClient::entry(ChatEntry& e) {
  const ChatMessage& m = e.message;
  if (m.seq != kUnsequenced && !e.replay) {
    if (m.seq <= lastSeq_) return;  // seen already (a resend after a reconnect)
    lastSeq_ = m.seq;
    if (m.seq > welcomeSeq_) track(m);
  }
  ChatEvent message = event(ChatEvent::Type::Message);
  message.message = std::move(e.message);
  message.replay = e.replay;
  push(std::move(message));
}

// Keeps the member list (and our own name) from the room's join, leave and rename messages.
void ChatClient::track(const ChatMessage& m) {
  switch (m.kind) {
    case ChatKind::Join:
      members_.push_back(m.sender);
      break;
    case ChatKind::Leave:
      if (auto it = std::find(members_.begin(), members_.end(), m.sender); it != members_.end()) {
        members_.erase(it);
      }
      break;
    case ChatKind::Rename:
      std::replace(members_.begin(), members_.end(), m.sender, m.renamedTo);
      if (m.sender == name_) name_ = m.renamedTo;
      break;
    default:
      break;
  }
}

void ChatClient::lost(const Reason& reason) {
  connection_ = nullptr;
  joined_ = false;
  const Reason why = goodbye_ ? *goodbye_ : reason;
  lastProblem_ = why;
  ChatEvent gone = event(ChatEvent::Type::Disconnected);
  gone.reason = why;
  gone.willRetry = !stopped_ && factory_->trying();
  push(std::move(gone));
}

void ChatClient::failed(const Reason& reason) {
  lastProblem_ = reason;
  if (stopped_) return;
  ChatEvent failure = event(ChatEvent::Type::Failed);
  failure.reason = reason;
  failure.willRetry = factory_->trying();
  push(std::move(failure));
}

void ChatClient::push(ChatEvent event) {
  if (stopped_ && event.type != ChatEvent::Type::Disconnected) return;
  if (events_.size() >= config_.maxEvents) {
    events_.pop_front();
    ++droppedEvents_;
  }
  events_.push_back(std::move(event));
  if (onEvent_) onEvent_();
}

// --- What the overlay calls ----------------------------------------------------------------

bool ChatClient::send(std::string_view line) {
  if (state() != State::Joined) return false;
  line = line.substr(0, kChatMaxTextBytes);  // far over the room's limit: it says so
  connection_->send(kChatChannel, encodeChat(ChatClientMessage(ChatInput{std::string(line)})));
  return true;
}

std::vector<ChatEvent> ChatClient::takeEvents() {
  std::vector<ChatEvent> out(std::make_move_iterator(events_.begin()),
                             std::make_move_iterator(events_.end()));
  events_.clear();
  return out;
}

ChatClient::State ChatClient::state() const {
  if (stopped_) return State::Stopped;
  if (connection_) return joined_ ? State::Joined : State::Joining;
  if (factory_->nextRetry()) return State::Reconnecting;
  if (connector_->state() != Connector::State::Disconnected) {
    return lastProblem_ ? State::Reconnecting : State::Connecting;
  }
  return State::Stopped;
}

std::optional<NetStats> ChatClient::connectionStats() const {
  if (!connection_) return std::nullopt;
  return connection_->messages().stats();
}

std::optional<Duration> ChatClient::reconnectIn() const {
  const auto next = factory_->nextRetry();
  if (!next || connection_) return std::nullopt;
  return std::max(Duration::zero(), *next - reactor_.clock().now());
}

std::string ChatClient::status() const {
  const std::string problem = lastProblem_ ? strCat(": ", lastProblem_->sentence()) : "";
  switch (state()) {
    case State::Connecting: return "connecting";
    case State::Joining: return "connected, joining the room";
    case State::Joined:
      return strCat("in the room as ", name_, " (", members_.size(),
                    members_.size() == 1 ? " member)" : " members)");
    case State::Reconnecting: {
      const auto in = reconnectIn();
      if (!in) return strCat("reconnecting", problem);
      const auto seconds = std::chrono::ceil<std::chrono::seconds>(*in).count();
      return strCat("reconnecting in ", seconds, " s", problem);
    }
    case State::Stopped: return strCat("disconnected", problem);
  }
  return "";
}

std::string_view describe(ChatClient::State state) {
  switch (state) {
    case ChatClient::State::Connecting: return "connecting";
    case ChatClient::State::Joining: return "joining";
    case ChatClient::State::Joined: return "joined";
    case ChatClient::State::Reconnecting: return "reconnecting";
    case ChatClient::State::Stopped: return "stopped";
  }
  return "unknown";
}

}  // namespace weft::net
