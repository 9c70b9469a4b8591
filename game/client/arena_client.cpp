#include "game/client/arena_client.h"

#include "game/proto/channels.h"
#include "game/proto/limits.h"
#include "net/core/str_cat.h"
#include "net/protocols/message_protocol.h"

namespace weft::game::client {

std::string_view describe(ArenaClientState state) {
  switch (state) {
    case ArenaClientState::Connecting:
      return "connecting";
    case ArenaClientState::Joining:
      return "joining";
    case ArenaClientState::Playing:
      return "playing";
    case ArenaClientState::Spectating:
      return "spectating";
    case ArenaClientState::Reconnecting:
      return "reconnecting";
    case ArenaClientState::Refused:
      return "refused";
    case ArenaClientState::Closed:
      return "closed";
  }
  return "unknown";
}

// One connection's protocol: hands everything to the client, which outlives it.
class ArenaClient::Connection final : public net::MessageProtocol {
 public:
  Connection(ArenaClient& client, const net::HeartbeatConfig& heartbeat)
      : MessageProtocol({.maxMessageBytes = proto::kMaxServerMessageBytes, .heartbeat = heartbeat}),
        client_(client) {}
  void connectionMade() override { client_.connected(*this); }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    client_.session_.messageReceived(channel, message);
  }
  void connectionLost(const net::Reason& reason) override { client_.lost(reason); }

 private:
  ArenaClient& client_;
};

class ArenaClient::Factory final : public net::ReconnectingClientFactory {
 public:
  Factory(ArenaClient& client, const net::ReconnectPolicy& policy,
          const net::HeartbeatConfig& heartbeat)
      : ReconnectingClientFactory(policy), client_(client), heartbeat_(heartbeat) {}
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<Connection>(client_, heartbeat_);
  }
  void clientConnectionFailed(net::Connector& connector, const net::Reason& reason) override {
    ReconnectingClientFactory::clientConnectionFailed(connector, reason);
    client_.failed(reason);
  }
  void clientConnectionLost(net::Connector& connector, const net::Reason& reason) override {
    // Refused: the server would say the same again.
    if (client_.session_.refused()) stopTrying();
    ReconnectingClientFactory::clientConnectionLost(connector, reason);
  }

 private:
  ArenaClient& client_;
  net::HeartbeatConfig heartbeat_;
};

ArenaClient::ArenaClient(net::Reactor& reactor, const net::Endpoint& endpoint,
                         ArenaClientConfig config)
    : reactor_(reactor), session_(reactor.clock(), reactor.logger(), std::move(config.session)) {
  factory_ = std::make_unique<Factory>(*this, config.reconnect, config.heartbeat);
  connector_ = reactor_.connect(endpoint, *factory_);
}

ArenaClient::~ArenaClient() {
  stopped_ = true;
  factory_->stopTrying();
  connector_.reset();  // the connection's connectionLost runs now, while we still exist
}

void ArenaClient::stop() {
  stopped_ = true;
  factory_->stopTrying();
  connector_->disconnect();
}

void ArenaClient::connected(Connection& connection) {
  net::MessageTransport& link = connection.messages();
  if (link.channelCount() < proto::kChannelCount) {
    factory_->stopTrying();
    link.disconnect(net::ReasonCode::ProtocolError);
    reactor_.logger().error(
        net::strCat("arena client: the connection has ", static_cast<int>(link.channelCount()),
                    " channels, the game needs ", static_cast<int>(proto::kChannelCount)));
    return;
  }
  connection_ = &connection;
  ++connections_;
  factory_->resetDelay();
  session_.attach(link);
}

void ArenaClient::lost(const net::Reason& reason) {
  const bool wasAttached = connection_ != nullptr;
  connection_ = nullptr;
  if (!wasAttached) return;
  session_.detach(reason, !stopped_ && factory_->trying() && !session_.refused());
}

void ArenaClient::failed(const net::Reason& reason) {
  (void)reason;  // the factory retries; state() says so
}

ArenaClientState ArenaClient::state() const {
  if (session_.refused()) return ArenaClientState::Refused;
  if (stopped_) return ArenaClientState::Closed;
  switch (session_.phase()) {
    case SessionPhase::Joining:
      return ArenaClientState::Joining;
    case SessionPhase::Playing:
      return ArenaClientState::Playing;
    case SessionPhase::Spectating:
      return ArenaClientState::Spectating;
    case SessionPhase::Refused:
      return ArenaClientState::Refused;
    case SessionPhase::Detached:
      break;
  }
  if (!factory_->trying()) return ArenaClientState::Closed;
  return connections_ == 0 ? ArenaClientState::Connecting : ArenaClientState::Reconnecting;
}

ArenaClientStats ArenaClient::stats() const {
  ArenaClientStats out;
  out.session = session_.stats();
  out.bytesDownPerSecond = out.session.link.bytesReceivedPerSecond;
  out.bytesUpPerSecond = out.session.link.bytesSentPerSecond;
  out.connections = connections_;
  return out;
}

}  // namespace weft::game::client
