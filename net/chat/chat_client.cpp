#include "net/chat/chat_client.h"

#include <algorithm>

#include "net/chat/chat_wire.h"
#include "net/protocols/message_protocol.h"

namespace weft::net {

// One connection's protocol: hands everything to the client, which outlives it.
class ChatClient::Connection final : public MessageProtocol {
 public:
  Connection(ChatClient& client, const HeartbeatConfig& heartbeat)
      : MessageProtocol({.maxMessageBytes = kChatMaxServerMessageBytes, .heartbeat = heartbeat}),
        client_(client) {}
  void connectionMade() override { client_.connected(*this); }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    if (channel == kChatChannel) client_.session_.messageReceived(message);
  }
  void connectionLost(const Reason& reason) override { client_.lost(reason); }

 private:
  ChatClient& client_;
};

class ChatClient::Factory final : public ReconnectingClientFactory {
 public:
  Factory(ChatClient& client, const ReconnectPolicy& policy, const HeartbeatConfig& heartbeat)
      : ReconnectingClientFactory(policy), client_(client), heartbeat_(heartbeat) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Connection>(client_, heartbeat_);
  }
  void clientConnectionFailed(Connector& connector, const Reason& reason) override {
    ReconnectingClientFactory::clientConnectionFailed(connector, reason);
    client_.failed(reason);
  }

 private:
  ChatClient& client_;
  HeartbeatConfig heartbeat_;
};

ChatClient::ChatClient(Reactor& reactor, const Endpoint& endpoint, ChatClientConfig config)
    : reactor_(reactor),
      session_(*this, reactor.logger(),
               {std::move(config.name), config.maxEvents, config.resume, config.welcomeTimeout}) {
  factory_ = std::make_unique<Factory>(*this, config.reconnect, config.heartbeat);
  connector_ = reactor_.connect(endpoint, *factory_);
}

ChatClient::~ChatClient() {
  session_.stop();
  session_.setOnEvent(nullptr);
  factory_->stopTrying();
  connector_.reset();  // the connection's connectionLost runs now, while we still exist
}

void ChatClient::stop() {
  session_.stop();
  factory_->stopTrying();
  connector_->disconnect();
}

void ChatClient::connected(Connection& connection) {
  connection_ = &connection;
  session_.attach(connection.messages(), kChatChannel);
}

void ChatClient::lost(const Reason& reason) {
  connection_ = nullptr;
  session_.detach(reason, factory_->trying());
}

void ChatClient::failed(const Reason& reason) {
  session_.connectionFailed(reason, factory_->trying());
}

// --- ChatClientOwner ---------------------------------------------------------------------

ChatState ChatClient::connectionState() const {
  if (!factory_->trying()) return State::Stopped;
  if (factory_->nextRetry()) return State::Reconnecting;
  if (connector_->state() != Connector::State::Disconnected) {
    return session_.lastProblem() ? State::Reconnecting : State::Connecting;
  }
  return State::Stopped;
}

std::optional<Duration> ChatClient::nextAttemptIn() const {
  const auto next = factory_->nextRetry();
  if (!next) return std::nullopt;
  return std::max(Duration::zero(), *next - reactor_.clock().now());
}

void ChatClient::chatJoined() {
  factory_->resetDelay();
}

void ChatClient::chatEnded(const ChatEnding& ending) {
  if (!ending.mayRetry) factory_->stopTrying();
  // The server closes what it said goodbye on; a server that does not know chat is over (it
  // speaks another version) is told by closing the connection.
  if (!ending.byServer && connection_) connection_->messages().disconnect(ending.reason.code);
}

}  // namespace weft::net
