// ArenaClient: the arena's network client on a reactor — connects to a server's endpoint (ENet,
// or framed TCP), runs an ArenaClientSession on each connection, reconnects with backoff after
// a drop and resumes the same player, and shows its state and stats to the game loop.
// Tests: tests/game/client/arena_client_test.cpp
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "game/client/arena_client_session.h"
#include "net/core/connector.h"
#include "net/core/endpoint.h"
#include "net/core/reactor.h"
#include "net/protocols/reconnecting_client_factory.h"
#include "net/protocols/stream_heartbeat.h"

namespace weft::game::client {

enum class ArenaClientState : std::uint8_t {
  Connecting,    // the first attempt is under way
  Joining,       // connected, the Hello is out
  Playing,       // in the game with a player
  Spectating,    // in the game, watching
  Reconnecting,  // dropped: a retry is scheduled or under way (the player is held for a while)
  Refused,       // the server said no (its reason is among the events): no more attempts
  Closed,        // stop() was called, or the retries ran out
};

std::string_view describe(ArenaClientState state);

struct ArenaClientConfig {
  ArenaSessionConfig session;
  // Sooner than Twisted's defaults, so a resume lands well within the server's grace:
  // about 1 s, 2 s, 4 s... never more than 10 s between attempts.
  net::ReconnectPolicy reconnect{.initialDelay = std::chrono::milliseconds(500),
                                 .factor = 2.0,
                                 .jitter = 0.1,
                                 .maxDelay = std::chrono::seconds(10),
                                 .maxRetries = {},
                                 .seed = {}};
  // Over framed TCP: beats when quiet, drops a server that stopped beating (ENet has its own).
  net::HeartbeatConfig heartbeat = {};
};

struct ArenaClientStats {
  ArenaSessionStats session;  // RTT, corrections, starved frames, delay, lead, the link's rates
  double bytesDownPerSecond = 0;
  double bytesUpPerSecond = 0;
  std::uint64_t connections = 0;  // connections made, the first included
};

class ArenaClient {
 public:
  // Starts connecting to `endpoint` (a client endpoint with at least proto::kChannelCount
  // channels: ENet's default, or framed TCP) at once. The reactor must outlive the client;
  // destroying it closes the connection.
  ArenaClient(net::Reactor& reactor, const net::Endpoint& endpoint, ArenaClientConfig config);
  ~ArenaClient();
  ArenaClient(const ArenaClient&) = delete;
  ArenaClient& operator=(const ArenaClient&) = delete;

  // Leaves the game (the server holds nothing: a clean goodbye) and stops reconnecting.
  void stop();

  // What the player holds; the game loop sets it whenever it changes.
  void setInput(const sim::Input& input) { session_.setInput(input); }
  // Once a frame (or from a scheduler's timer): ticks, inputs, prediction, interpolation.
  // Never blocks.
  void update() { session_.update(); }
  const RenderView& view() const { return session_.view(); }
  std::vector<ClientEvent> takeEvents() { return session_.takeEvents(); }

  ArenaClientState state() const;
  ArenaClientStats stats() const;
  ArenaClientSession& session() { return session_; }
  const ArenaClientSession& session() const { return session_; }

 private:
  class Connection;
  class Factory;
  friend class Connection;
  friend class Factory;
  void connected(Connection& connection);
  void lost(const net::Reason& reason);
  void failed(const net::Reason& reason);

  net::Reactor& reactor_;
  ArenaClientSession session_;
  Connection* connection_ = nullptr;
  std::uint64_t connections_ = 0;
  bool stopped_ = false;
  std::unique_ptr<Factory> factory_;
  std::unique_ptr<net::Connector> connector_;  // after factory_: destroyed first
};

}  // namespace weft::game::client
