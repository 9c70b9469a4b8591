// ChatClient: the game side of the chat — what an in-game overlay binds to: send a line, pull
// incoming events each frame, the member list, the connection state ("reconnecting in 3 s")
// and why it dropped; it reconnects with backoff and backfills what it missed, without
// duplicates. Over any message transport: ENet, or framed TCP.
// Tests: tests/net/chat/chat_client_test.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/chat/chat_message.h"
#include "net/chat/chat_wire.h"
#include "net/core/connector.h"
#include "net/core/endpoint.h"
#include "net/core/net_stats.h"
#include "net/core/reactor.h"
#include "net/protocols/reconnecting_client_factory.h"

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
};

struct ChatEvent {
  enum class Type : std::uint8_t {
    Joined,        // in the room as `name`: members() is fresh; backfill follows
    Message,       // `message`: a room message (in sequence order) or a private one
    Missed,        // `missed` messages were lost: the room's history did not reach back so far
    Disconnected,  // a connection ended, for `reason` (the server's words when it gave them)
    Failed,        // a connection attempt failed, for `reason`
  };
  Type type = Type::Message;
  ChatMessage message;
  bool replay = false;  // Message: an answer to /history (old news, not counted as seen)
  std::string name;     // Joined
  std::uint64_t missed = 0;
  Reason reason;
  bool willRetry = false;  // Disconnected, Failed: a reconnect is scheduled
};

class ChatClient {
 public:
  enum class State : std::uint8_t {
    Connecting,    // the first attempt is under way
    Joining,       // connected, waiting for the welcome
    Joined,        // in the room: send() works
    Reconnecting,  // waiting to retry: reconnectIn() says how long
    Stopped,       // stop() was called, the server said not to come back, or retries ran out
  };

  // Starts connecting to `endpoint` (a client endpoint) at once. The reactor must outlive the
  // client; destroying the client closes the connection.
  ChatClient(Reactor& reactor, const Endpoint& endpoint, ChatClientConfig config);
  ~ChatClient();
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  // Sends a typed line (text, or a command such as "/nick bob"). False unless Joined: the
  // line is not kept for later, so a UI can say "not sent".
  bool send(std::string_view line);
  // Leaves the room and stops reconnecting.
  void stop();

  // The events queued since the last call, oldest first.
  std::vector<ChatEvent> takeEvents();
  // Called (inside the reactor's pump) each time an event is queued; may call takeEvents, must
  // not destroy the client.
  void setOnEvent(std::function<void()> onEvent) { onEvent_ = std::move(onEvent); }

  State state() const;
  // While Reconnecting: how long until the next attempt.
  std::optional<Duration> reconnectIn() const;
  // Why the last connection ended or the last attempt failed; none before the first.
  const std::optional<Reason>& lastProblem() const { return lastProblem_; }
  // One line for a status bar: "in the room as anna (12 members)", "reconnecting in 3 s: ...".
  std::string status() const;

  // The name the room knows us by, after renames; the configured one before the first join.
  const std::string& name() const { return name_; }
  // Everyone in the room, us included, in the order they joined (as far as we saw).
  const std::vector<std::string>& members() const { return members_; }
  // The newest room message received; a reconnect asks for everything after it.
  std::uint64_t lastSeq() const { return lastSeq_; }
  std::uint64_t droppedEvents() const { return droppedEvents_; }
  // The live connection's health (RTT, loss, rates: a net graph plots it), from its transport;
  // none while there is no connection (connecting, reconnecting, stopped). Joining counts as
  // connected. Each call samples the transport's rate meter.
  std::optional<NetStats> connectionStats() const;

 private:
  class Connection;
  class Factory;
  friend class Connection;
  friend class Factory;

  void connected(Connection& connection);
  void received(std::string_view bytes);
  void lost(const Reason& reason);
  void failed(const Reason& reason);
  void push(ChatEvent event);
  void welcome(ChatWelcomeMessage& welcome);
  void entry(ChatEntry& entry);
  void track(const ChatMessage& message);

  Reactor& reactor_;
  ChatClientConfig config_;
  std::function<void()> onEvent_;
  std::deque<ChatEvent> events_;
  std::uint64_t droppedEvents_ = 0;
  std::string name_;
  std::vector<std::string> members_;
  std::optional<std::uint64_t> roomId_;  // the room we were last welcomed by
  std::uint64_t lastSeq_ = 0;
  std::uint64_t welcomeSeq_ = 0;  // messages up to here predate our join: members_ has them
  std::optional<Reason> lastProblem_;
  std::optional<Reason> goodbye_;  // what the server said before closing this connection
  Connection* connection_ = nullptr;
  bool joined_ = false;
  bool stopped_ = false;
  std::unique_ptr<Factory> factory_;
  std::unique_ptr<Connector> connector_;  // after factory_: destroyed first
};

std::string_view describe(ChatClient::State state);

}  // namespace weft::net
