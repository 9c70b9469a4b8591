// ArenaServer: the authoritative arena, sans I/O — players and their sessions, the world stepped
// on the injected clock, inputs buffered by tick, snapshots delta-coded per client, bots, resume.
// Tests: tests/game/server/arena_server_test.cpp, tests/game/server/arena_handshake_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "game/proto/input_codec.h"
#include "game/proto/match_record.h"
#include "game/proto/messages.h"
#include "game/proto/snapshot_ring.h"
#include "game/server/arena_server_config.h"
#include "game/server/input_buffer.h"
#include "game/server/resume_tokens.h"
#include "game/sim/bot.h"
#include "game/sim/world.h"
#include "net/core/looping_call.h"
#include "net/core/message_transport.h"
#include "net/core/reason.h"
#include "net/core/scheduler.h"

namespace weft::game::server {

// A connection as the server knows it; handed out by connected(), valid until disconnected().
using SessionId = std::uint32_t;

struct ArenaServerStats {
  std::uint64_t ticks = 0;
  std::uint64_t ticksSkipped = 0;  // the loop ran late by more than kMaxCatchUpTicks
  std::uint64_t snapshotsSent = 0;
  std::uint64_t snapshotBytes = 0;
  std::uint64_t fullSnapshots = 0;  // sent with no baseline
  std::uint64_t badMessages = 0;    // undecodable or out of turn: the session was dropped
  std::uint64_t ignoredInputs = 0;  // input packets from a spectator or a session not yet in
  std::uint64_t rejected = 0;       // Hellos answered with a Reject
  std::uint64_t resumed = 0;        // players given back to their resume token
  std::uint64_t expired = 0;        // held players whose grace ran out
};

// What the server tells whoever hosts it (the protocol layer: chat notices, logs).
class ArenaServerObserver {
 public:
  virtual void playerJoined(sim::PlayerId, std::string_view name, bool bot) {
    (void)name, (void)bot;
  }
  virtual void playerLeft(sim::PlayerId, std::string_view name) { (void)name; }
  virtual void stepped(const proto::TickEvents& events) { (void)events; }

 protected:
  ~ArenaServerObserver() = default;
};

namespace detail {
// One player the server holds, human or bot. Outside ArenaServer because clang will not
// default-construct a nested class with member initializers inside its own enclosing class.
struct ArenaPlayer {
  std::string name;
  std::string key;  // net::nameKey(name): names are unique by what a reader sees
  bool bot = false;
  proto::ResumeToken token{};
  std::optional<SessionId> session;  // none: a bot, or a human whose connection dropped
  InputBuffer inputs{0};
  sim::BotState botState;
};
}  // namespace detail

class ArenaServer {
 public:
  // A loop that fell this many ticks behind (the process was stopped, a debugger paused it)
  // skips the rest instead of stepping a burst the clients would see as a jump anyway.
  static constexpr int kMaxCatchUpTicks = 5;

  // Asserts validate(config) is empty. Ticks on `scheduler` from start() on.
  ArenaServer(net::Scheduler& scheduler, ArenaServerConfig config);
  ~ArenaServer();
  ArenaServer(const ArenaServer&) = delete;
  ArenaServer& operator=(const ArenaServer&) = delete;

  // Starts the tick loop (1 / ticksPerSecond) and adds the configured bots.
  void start();
  // Tells every session why (Reject, then disconnect with `code`) and stops ticking.
  void shutdown(net::ReasonCode code = net::ReasonCode::ShuttingDown);

  // A connection's life, from the protocol that carries it. `link` sends on the channels of
  // game/proto/channels.h and must stay valid until disconnected(). Messages on the chat
  // channel are not the server's: the protocol hands them to its chat session.
  SessionId connected(net::MessageTransport& link);
  void received(SessionId session, std::uint8_t channel, std::string_view message);
  // `reason` is the transport's: a clean goodbye (ReasonCode::Done: the player quit) removes the
  // player at once; anything else (a timeout, a reset, a link that died) holds it for a resume.
  void disconnected(SessionId session, const net::Reason& reason = net::Reason::timedOut({}));

  // One step of the world, its events to everyone, a snapshot when one is due. The loop calls
  // it; a test may call it directly instead of start().
  void tick();

  const sim::World& world() const { return world_; }
  const ArenaServerConfig& config() const { return config_; }
  const ArenaServerStats& stats() const { return stats_; }
  // Players in the world, bots included, and the spectators watching.
  int playerCount() const;
  int botCount() const;
  int spectatorCount() const;
  std::optional<std::string_view> nameOf(sim::PlayerId player) const;
  // Each welcomed connection's traffic (NetStats: bytes/s each way, RTT), for a status line.
  std::vector<net::NetStats> clientStats() const;
  // How long each tick the loop ran took since the last call, on the scheduler's clock (a
  // ManualClock's show zero), for the tick time a server operator watches.
  std::vector<net::Duration> takeTickDurations() { return std::exchange(tickDurations_, {}); }
  void setObserver(ArenaServerObserver* observer) { observer_ = observer; }
  // Expires when the server is destroyed. The server needs its reactor's scheduler, so it is
  // made after the reactor and goes before it, while the reactor's destructor still closes
  // connections: their protocols check this before calling in.
  std::weak_ptr<const bool> lifetime() const { return lifetime_; }
  // Records the match from now on (proto::RecordWriter's bytes, in order, to `sink`: a file, a
  // test's string): before start(), while the world is at tick 0 with nobody in it.
  void record(std::function<void(std::string_view)> sink);

 private:
  using Player = detail::ArenaPlayer;
  enum class SessionState : std::uint8_t { AwaitingHello, Playing, Spectating, Closing };
  struct Session {
    SessionId id = 0;
    net::MessageTransport* link = nullptr;
    SessionState state = SessionState::AwaitingHello;
    sim::PlayerId player = sim::kNoPlayer;
    sim::Tick ackedSnapshot = proto::kNoSnapshot;  // from the newest input packet
    sim::Tick ackFromTick = -1;                    // that packet's newestTick
    sim::PlayerId follow = sim::kNoPlayer;
    net::TimePoint connectedAt;
  };

  Session* find(SessionId id);
  void receivedControl(Session& session, std::string_view message);
  void receivedInput(Session& session, std::string_view message);
  void hello(Session& session, const proto::Hello& hello);
  void reject(Session& session, net::ReasonCode code, std::string detail);
  void drop(Session& session, net::ReasonCode code, std::string detail);
  void close(Session& session, net::ReasonCode code, std::string detail);
  void welcome(Session& session);
  std::optional<sim::PlayerId> freeId() const;
  std::optional<sim::PlayerId> takeOver(const proto::ResumeToken& token);
  sim::PlayerId addPlayer(std::string name, bool bot);
  void removePlayer(sim::PlayerId id);
  std::string uniqueName(std::string_view wanted) const;
  bool evictBot();
  void fillBots();
  void broadcast(const proto::ServerControl& message);
  void sendSnapshots();
  void nextMap();
  void expireSessions();

  net::Scheduler& scheduler_;
  ArenaServerConfig config_;
  std::mt19937_64 random_;  // resume tokens and bot seeds
  sim::World world_;
  std::size_t mapIndex_ = 0;
  std::array<std::optional<Player>, sim::kMaxPlayers> players_;
  std::vector<Session> sessions_;
  SessionId nextSession_ = 1;
  ResumeTokens held_;
  proto::SnapshotRing sentSnapshots_;
  net::LoopingCall loop_;
  ArenaServerObserver* observer_ = nullptr;
  std::function<void(std::string_view)> recordSink_;
  proto::RecordWriter recorder_;
  ArenaServerStats stats_;
  std::vector<net::Duration> tickDurations_;
  std::shared_ptr<const bool> lifetime_ = std::make_shared<const bool>(true);
  bool shutDown_ = false;
};

}  // namespace weft::game::server
