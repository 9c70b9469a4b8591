// ArenaClientSession: the arena client's game on one connection at a time, sans I/O — the Hello
// (resuming the last player), snapshots, one input packet a tick, prediction, interpolation,
// tick sync, and the events a game shows. It outlives connections, as ChatClientSession does.
// Tests: tests/game/client/arena_session_test.cpp, tests/game/client/arena_reject_test.cpp,
// tests/game/client/arena_resume_test.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "game/client/client_events.h"
#include "game/client/interpolation.h"
#include "game/client/prediction.h"
#include "game/client/tick_sync.h"
#include "game/proto/messages.h"
#include "game/proto/snapshot_codec.h"
#include "game/proto/snapshot_ring.h"
#include "game/sim/input.h"
#include "net/core/clock.h"
#include "net/core/logger.h"
#include "net/core/message_transport.h"
#include "net/core/net_stats.h"

namespace weft::game::client {

struct ArenaSessionConfig {
  std::string name = "player";
  std::optional<std::string> password = std::nullopt;
  bool spectator = false;
  std::size_t maxEvents = 1000;  // kept until taken; beyond, the oldest are dropped (counted)
  // What the Hello says it speaks: this build's version (a test speaks another to see the
  // server's answer).
  std::uint16_t version = proto::kProtocolVersion;
};

enum class SessionPhase : std::uint8_t {
  Detached,    // no connection attached
  Joining,     // the Hello is out, no answer yet
  Playing,     // welcomed with a player
  Spectating,  // welcomed as a spectator
  Refused,     // the server said no, or no more: do not come back on your own
};

struct ArenaSessionStats {
  std::uint64_t snapshots = 0;         // decoded
  std::uint64_t unknownBaselines = 0;  // answered by acking kNoSnapshot
  std::uint64_t badMessages = 0;       // from the server, undecodable: logged, skipped
  std::uint64_t inputPackets = 0;
  std::uint64_t lateInputs = 0;  // snapshots that showed an input of ours repeated
  CorrectionCounts corrections;
  std::uint64_t frames = 0;
  std::uint64_t starvedFrames = 0;
  net::Duration rtt{};
  net::Duration jitter{};
  net::Duration interpolationDelay{};
  net::Duration lead{};
  net::NetStats link;  // the attached transport's, sampled each frame
  std::uint64_t droppedEvents = 0;
};

// What one frame draws.
struct RenderView {
  double clientTick = 0;              // the tick this client's inputs are for
  double renderTick = 0;              // the tick the others are drawn at
  std::optional<RenderPosition> own;  // the predicted own player, smoothed; none when dead
  InterpolatedFrame others;           // everyone else (the own player left out)
};

class ArenaClientSession {
 public:
  // `clock` and `logger` must outlive the session.
  ArenaClientSession(const net::Clock& clock, net::Logger& logger, ArenaSessionConfig config);

  // --- For the owner, one connection at a time ---------------------------------------------
  // A connection is up: sends the Hello (with the resume token of the last Welcome, if any).
  // `link` must stay valid until detach().
  void attach(net::MessageTransport& link);
  void messageReceived(std::uint8_t channel, std::string_view message);
  // The attached connection is gone: queues Disconnected. `willRetry`: the owner reconnects.
  void detach(const net::Reason& reason, bool willRetry);
  bool attached() const { return link_ != nullptr; }
  // The server refused this client or sent it away (a Reject, or a disconnect with one of the
  // game's refusal codes): reconnecting would be refused again.
  bool refused() const { return phase_ == SessionPhase::Refused; }

  // --- For the game loop -------------------------------------------------------------------
  // What the player holds now; each new tick's input is the latest one set.
  void setInput(const sim::Input& input) { input_ = input; }
  // One frame: the client's tick moves on (an input packet per new tick), prediction steps,
  // the others are interpolated, and view() is what to draw.
  void update();
  const RenderView& view() const { return view_; }
  std::vector<ClientEvent> takeEvents();

  SessionPhase phase() const { return phase_; }
  sim::PlayerId player() const { return player_; }
  const std::optional<proto::ResumeToken>& resumeToken() const { return token_; }
  std::optional<std::string_view> nameOf(sim::PlayerId player) const;
  ArenaSessionStats stats() const;
  const TickSync& sync() const { return sync_; }
  const Predictor& predictor() const { return predictor_; }
  const Interpolator& interpolator() const { return interpolator_; }
  const std::optional<proto::ReceivedSnapshot>& latestSnapshot() const { return latest_; }
  int ticksPerSecond() const { return ticksPerSecond_; }

 private:
  struct MapEra {
    sim::Tick from = 0;
    sim::SharedMap map;
    sim::SimConfig config;
  };
  void push(ClientEvent event);
  void control(std::string_view message);
  void welcome(const proto::Welcome& welcome);
  void snapshot(std::string_view message);
  void sendInputs();
  const MapEra& eraOf(sim::Tick tick) const;

  const net::Clock& clock_;
  net::Logger& logger_;
  ArenaSessionConfig config_;
  net::MessageTransport* link_ = nullptr;
  SessionPhase phase_ = SessionPhase::Detached;
  sim::PlayerId player_ = sim::kNoPlayer;
  std::optional<proto::ResumeToken> token_;
  bool sentResume_ = false;
  int ticksPerSecond_ = 50;
  std::deque<MapEra> eras_;  // the newest two: snapshots may come before their MapChanged
  std::map<sim::PlayerId, std::string> names_;

  proto::SnapshotRing ring_;
  sim::Tick ack_ = proto::kNoSnapshot;
  std::optional<proto::ReceivedSnapshot> latest_;
  TickSync sync_{50};
  Predictor predictor_;
  Interpolator interpolator_;

  sim::Input input_;
  std::optional<sim::Tick> nextTick_;  // the next tick to file an input for
  std::optional<net::TimePoint> lastFrame_;
  RenderView view_;
  net::NetStats linkStats_;

  std::deque<ClientEvent> events_;
  ArenaSessionStats counters_;
};

}  // namespace weft::game::client
