// Predictor: the own player predicted by stepping a copy of the world with this client's inputs
// after the newest snapshot, reconciled on every snapshot, its corrections counted and smoothed.
// Tests: tests/game/client/prediction_test.cpp, tests/game/client/arena_session_test.cpp
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "game/client/interpolation.h"
#include "game/proto/snapshot_codec.h"
#include "game/sim/config.h"
#include "game/sim/input.h"
#include "game/sim/map.h"
#include "game/sim/world.h"

namespace weft::game::client {

// Corrections: a snapshot's own player (position, velocity, alive) differs from what this
// client had predicted for that tick. Each is put down to one cause:
// - ownInputs: the server did not have all of this client's inputs (the snapshot's
//   appliedInputTick is older than its tick: it repeated the previous input), or nothing
//   else could have moved the player: the prediction itself was wrong.
// - others: something the prediction holds still did it: the player's health or life
//   changed (a hit, a kill), it respawned (the spawn point depends on the others), another
//   player was within touching distance, or the match changed phase.
struct CorrectionCounts {
  std::uint64_t ownInputs = 0;
  std::uint64_t others = 0;
  std::uint64_t total() const { return ownInputs + others; }
};

// The world is rebuilt from each new snapshot of tick S (the state at S already holds every
// input up to S, the server's repeats included) and stepped with this client's inputs for
// S+1 up to the client's tick. Everyone else in it is held at the snapshot's state on every
// step (they send this client no inputs), so the own player collides with them where they
// were last seen. A correction moves the drawn player by an offset that decays to nothing
// over about kSmoothing, never in one jump (a respawn or teleport aside).
class Predictor {
 public:
  static constexpr std::size_t kHistory = 256;  // ticks of inputs and predictions: 5 s at 50 Hz
  static constexpr double kSmoothingSeconds = 0.1;

  // Forgets everything: a new connection, a new map.
  void reset();
  // This client's player; kNoPlayer (a spectator) predicts nothing.
  void setPlayer(sim::PlayerId player);
  sim::PlayerId player() const { return player_; }

  // The input meant for `tick`; ticks come in increasing order.
  void addInput(sim::Tick tick, const sim::Input& input);
  // What this client sent for `tick` (nullptr when it sent nothing, or long ago).
  const sim::Input* inputFor(sim::Tick tick) const;
  // The newest tick given to addInput, or none.
  std::optional<sim::Tick> newestInput() const { return newestInput_; }

  // A decoded snapshot, with the map and rules it was made under. Older than the last one
  // reconciled: ignored.
  void reconcile(const proto::ReceivedSnapshot& snapshot, std::shared_ptr<const sim::Map> map,
                 const sim::SimConfig& config);
  // Steps the predicted world on to `tick` (nothing before the first snapshot).
  void advanceTo(sim::Tick tick);

  bool ready() const { return world_.has_value(); }
  // The predicted world at tick(); its own player is the prediction.
  const sim::World& world() const { return *world_; }
  sim::Tick tick() const { return world_ ? world_->tick : 0; }
  // The own player as predicted for `tick`, if that tick is still in the history.
  std::optional<sim::Player> predictedAt(sim::Tick tick) const;
  // Where to draw the own player at client tick `clientTick` (between the predictions of the
  // two ticks around it), with the correction offset; none without a living own player.
  std::optional<RenderPosition> renderPosition(double clientTick) const;
  RenderPosition offset() const { return offset_; }
  // Lets `seconds` of the correction offset decay.
  void decay(double seconds);

  const CorrectionCounts& corrections() const { return corrections_; }

 private:
  struct Predicted {
    sim::Tick tick = -1;
    std::optional<sim::Player> player;
  };
  struct Sent {
    sim::Tick tick = -1;
    sim::Input input;
  };
  void stepOnce();
  sim::Input inputOrRepeat(sim::Tick tick) const;
  bool causedByOthers(const proto::ReceivedSnapshot& snapshot, const sim::Player& server,
                      const sim::Player& predicted) const;

  sim::PlayerId player_ = sim::kNoPlayer;
  std::optional<sim::World> world_;
  std::array<std::optional<sim::Player>, sim::kMaxPlayers> held_;  // the others, as last seen
  std::vector<Predicted> predicted_ = std::vector<Predicted>(kHistory);
  std::vector<Sent> sent_ = std::vector<Sent>(kHistory);
  std::optional<sim::Tick> newestInput_;
  sim::Tick lastSnapshot_ = -1;
  RenderPosition offset_;
  CorrectionCounts corrections_;
};

}  // namespace weft::game::client
