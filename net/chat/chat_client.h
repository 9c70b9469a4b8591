// ChatClient: the chat room from a game client on a connection of its own — it dials an
// endpoint, reconnects with backoff, and owns the ChatClientSession an overlay binds to (send a
// line, pull events each frame, the member list, "reconnecting in 3 s" and why it dropped).
// Over any message transport: ENet, or framed TCP. A game with its own connection owns a
// ChatClientSession instead.
// Tests: tests/net/chat/chat_client_test.cpp, tests/net/chat/chat_client_liveness_test.cpp
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/chat/chat_client_session.h"
#include "net/chat/chat_event.h"
#include "net/core/connector.h"
#include "net/core/endpoint.h"
#include "net/core/net_stats.h"
#include "net/core/reactor.h"
#include "net/protocols/reconnecting_client_factory.h"
#include "net/protocols/stream_heartbeat.h"

namespace weft::net {

struct ChatClientConfig {
  std::string name;  // asked for; the room may append a number or pick a guest name
  // Chat reconnects sooner than Twisted's defaults: 1 s, 2 s, 4 s... never more than 30 s.
  ReconnectPolicy reconnect{.initialDelay = std::chrono::milliseconds(500),
                            .factor = 2.0,
                            .jitter = 0.1,
                            .maxDelay = std::chrono::seconds(30),
                            .maxRetries = {},
                            .seed = {}};
  std::size_t maxEvents = 1000;  // kept until taken; beyond, the oldest are dropped (counted)
  std::optional<ChatResume> resume =
      std::nullopt;  // where an earlier run left off (ChatSessionConfig::resume)
  // Connected, and no welcome this long after the hello: dropped, then reconnected with the
  // usual backoff (ChatSessionConfig::welcomeTimeout).
  Duration welcomeTimeout = std::chrono::seconds(10);
  // Over framed TCP: beats when quiet, and drops a server that stopped beating, then reconnects
  // (MessageProtocolConfig::heartbeat; ENet keeps its own pings and timeout).
  HeartbeatConfig heartbeat = {};
};

class ChatClient final : private ChatClientOwner {
 public:
  using State = ChatState;

  // Starts connecting to `endpoint` (a client endpoint) at once. The reactor must outlive the
  // client; destroying the client closes the connection.
  ChatClient(Reactor& reactor, const Endpoint& endpoint, ChatClientConfig config);
  ~ChatClient();
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  // Leaves the room and stops reconnecting.
  void stop();

  // The session an overlay binds to; the calls below are its, for convenience.
  ChatClientSession& session() { return session_; }

  // Sends a typed line; false unless Joined (see ChatClientSession::send).
  bool send(std::string_view line) { return session_.send(line); }
  std::vector<ChatEvent> takeEvents() { return session_.takeEvents(); }
  void setOnEvent(std::function<void()> onEvent) { session_.setOnEvent(std::move(onEvent)); }
  State state() const { return session_.state(); }
  std::optional<Duration> reconnectIn() const { return session_.reconnectIn(); }
  const std::optional<Reason>& lastProblem() const { return session_.lastProblem(); }
  std::string status() const { return session_.status(); }
  const std::string& name() const { return session_.name(); }
  const std::vector<std::string>& members() const { return session_.members(); }
  std::uint64_t lastSeq() const { return session_.lastSeq(); }
  std::optional<std::uint64_t> roomId() const { return session_.roomId(); }
  std::uint64_t droppedEvents() const { return session_.droppedEvents(); }
  // Joining counts as connected: none only while connecting, reconnecting or stopped.
  std::optional<NetStats> connectionStats() const { return session_.connectionStats(); }

 private:
  class Connection;
  class Factory;
  friend class Connection;
  friend class Factory;

  void connected(Connection& connection);
  void lost(const Reason& reason);
  void failed(const Reason& reason);
  // ChatClientOwner
  ChatState connectionState() const override;
  std::optional<Duration> nextAttemptIn() const override;
  void chatJoined() override;
  void chatEnded(const ChatEnding& ending) override;

  Reactor& reactor_;
  ChatClientSession session_;  // before the connector: outlives the last connectionLost
  Connection* connection_ = nullptr;
  std::unique_ptr<Factory> factory_;
  std::unique_ptr<Connector> connector_;  // after factory_: destroyed first
};

}  // namespace weft::net
