#include "game/client/prediction.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "game/sim/step.h"

namespace weft::game::client {

namespace {
// Farther than this is a respawn or teleport: drawn where it is, not slid there.
constexpr double kTeleportDistance = 3.0 * sim::kUnitsPerTile;

bool differs(const sim::Player& a, const sim::Player& b) {
  return a.position != b.position || a.velocity != b.velocity || a.alive != b.alive;
}
}  // namespace

void Predictor::reset() {
  world_.reset();
  held_ = {};
  predicted_.assign(kHistory, {});
  sent_.assign(kHistory, {});
  newestInput_.reset();
  lastSnapshot_ = -1;
  offset_ = {};
}

void Predictor::setPlayer(sim::PlayerId player) {
  if (player != player_) reset();
  player_ = player;
}

void Predictor::addInput(sim::Tick tick, const sim::Input& input) {
  sent_[static_cast<std::size_t>(tick) % kHistory] = {tick, input};
  newestInput_ = tick;
}

const sim::Input* Predictor::inputFor(sim::Tick tick) const {
  if (tick < 0) return nullptr;
  const Sent& sent = sent_[static_cast<std::size_t>(tick) % kHistory];
  return sent.tick == tick ? &sent.input : nullptr;
}

sim::Input Predictor::inputOrRepeat(sim::Tick tick) const {
  // As the server does for a tick it has nothing for: the previous input again.
  for (sim::Tick t = tick; t > tick - static_cast<sim::Tick>(kHistory) && t >= 0; --t) {
    if (const sim::Input* input = inputFor(t)) return *input;
  }
  return {};
}

std::optional<sim::Player> Predictor::predictedAt(sim::Tick tick) const {
  if (tick < 0) return std::nullopt;
  const Predicted& p = predicted_[static_cast<std::size_t>(tick) % kHistory];
  if (p.tick != tick) return std::nullopt;
  return p.player;
}

void Predictor::stepOnce() {
  sim::World& world = *world_;
  const sim::Tick next = world.tick + 1;
  sim::TickInputs inputs{};
  if (player_ != sim::kNoPlayer) inputs[player_] = inputOrRepeat(next);
  (void)sim::step(world, inputs);
  for (std::size_t id = 0; id < world.players.size(); ++id) {
    if (id == player_) continue;
    if (world.players[id] && held_[id]) world.players[id] = held_[id];
  }
  Predicted& predicted = predicted_[static_cast<std::size_t>(next) % kHistory];
  predicted = {next, std::nullopt};
  if (player_ != sim::kNoPlayer) predicted.player = world.players[player_];
}

bool Predictor::causedByOthers(const proto::ReceivedSnapshot& snapshot, const sim::Player& server,
                               const sim::Player& predicted) const {
  if (server.health != predicted.health || server.alive != predicted.alive ||
      server.deaths != predicted.deaths) {
    return true;
  }
  const sim::Tick since = lastSnapshot_ < 0 ? snapshot.state.tick - 1 : lastSnapshot_;
  if (server.respawnTick > since || snapshot.state.match.phaseStartTick > since) return true;
  const sim::Tuning tuning = world_ ? world_->tuning : sim::Tuning{};
  // Touching, or about to: two radii and a tile of room to move in between snapshots.
  const sim::Coord near = 2 * tuning.playerRadius + sim::kUnitsPerTile;
  for (const auto& other : snapshot.state.players) {
    if (!other || other->id == server.id || !other->alive) continue;
    if (std::abs(other->position.x - server.position.x) < near &&
        std::abs(other->position.y - server.position.y) < near) {
      return true;
    }
  }
  return false;
}

void Predictor::reconcile(const proto::ReceivedSnapshot& snapshot,
                          std::shared_ptr<const sim::Map> map, const sim::SimConfig& config) {
  const sim::Tick s = snapshot.state.tick;
  if (s <= lastSnapshot_) return;

  // Where the own player was predicted to be at `target` before this snapshot.
  bool hadBefore = false;
  sim::Player before;
  if (world_ && player_ != sim::kNoPlayer && world_->players[player_]) {
    hadBefore = world_->players[player_]->alive;
    before = *world_->players[player_];
  }
  const sim::Tick target = world_ ? std::max(world_->tick, s) : s;

  world_ = proto::rebuildWorld(snapshot.state, std::move(map), config);
  held_ = world_->players;
  if (player_ != sim::kNoPlayer) {
    const auto& server = snapshot.state.players[player_];
    const std::optional<sim::Player> predicted = predictedAt(s);
    if (server && predicted && differs(*server, *predicted)) {
      const bool repeated = snapshot.appliedInputTick < s && inputFor(s) != nullptr;
      if (!repeated && causedByOthers(snapshot, *server, *predicted)) {
        ++corrections_.others;
      } else {
        ++corrections_.ownInputs;
      }
    }
    predicted_[static_cast<std::size_t>(s) % kHistory] = {s, server};
  }
  lastSnapshot_ = s;
  while (world_->tick < target) stepOnce();

  if (player_ == sim::kNoPlayer) return;
  const auto& after = world_->players[player_];
  if (hadBefore && after && after->alive) {
    const double dx = before.position.x - after->position.x + offset_.x;
    const double dy = before.position.y - after->position.y + offset_.y;
    if (std::hypot(dx, dy) < kTeleportDistance) {
      offset_ = {dx, dy};
      return;
    }
  }
  offset_ = {};  // a respawn, a death, a teleport: drawn where it is
}

void Predictor::advanceTo(sim::Tick tick) {
  if (!world_) return;
  while (world_->tick < tick) stepOnce();
}

std::optional<RenderPosition> Predictor::renderPosition(double clientTick) const {
  if (!world_ || player_ == sim::kNoPlayer) return std::nullopt;
  const auto& now = world_->players[player_];
  if (!now || !now->alive) return std::nullopt;
  RenderPosition at{static_cast<double>(now->position.x), static_cast<double>(now->position.y)};
  const std::optional<sim::Player> previous = predictedAt(world_->tick - 1);
  const double fraction = std::clamp(clientTick - world_->tick, 0.0, 1.0);
  if (previous && previous->alive &&
      std::hypot(now->position.x - previous->position.x, now->position.y - previous->position.y) <
          kTeleportDistance) {
    at.x = previous->position.x + (now->position.x - previous->position.x) * fraction;
    at.y = previous->position.y + (now->position.y - previous->position.y) * fraction;
  }
  return RenderPosition{at.x + offset_.x, at.y + offset_.y};
}

void Predictor::decay(double seconds) {
  // e^-3 (5 %) of an offset is left after kSmoothingSeconds.
  const double keep = std::exp(-3.0 * seconds / kSmoothingSeconds);
  offset_.x *= keep;
  offset_.y *= keep;
  if (std::abs(offset_.x) < 1 && std::abs(offset_.y) < 1) offset_ = {};
}

}  // namespace weft::game::client
