#include "game/client/interpolation.h"

#include <algorithm>
#include <cmath>

namespace weft::game::client {

namespace {
// Farther than this between two snapshots is a respawn or a teleport, not motion: drawn at the
// newer place rather than sliding across the map.
constexpr sim::Coord kTeleportDistance = 3 * sim::kUnitsPerTile;

RenderPosition lerp(sim::Vec a, sim::Vec b, double t) {
  return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}
RenderPosition along(sim::Vec p, sim::Vec v, double ticks) {
  return {p.x + v.x * ticks, p.y + v.y * ticks};
}
bool jumped(sim::Vec a, sim::Vec b) {
  return std::abs(a.x - b.x) > kTeleportDistance || std::abs(a.y - b.y) > kTeleportDistance;
}
}  // namespace

Interpolator::Interpolator(int ticksPerSnapshot) : ticksPerSnapshot_(ticksPerSnapshot) {}

void Interpolator::clear() {
  buffer_.clear();
}

void Interpolator::add(const proto::Snapshot& snapshot) {
  const auto at =
      std::lower_bound(buffer_.begin(), buffer_.end(), snapshot.tick,
                       [](const proto::Snapshot& s, sim::Tick tick) { return s.tick < tick; });
  if (at != buffer_.end() && at->tick == snapshot.tick) {
    *at = snapshot;
  } else {
    buffer_.insert(at, snapshot);
  }
  while (buffer_.size() > kCapacity) buffer_.pop_front();
}

double Interpolator::delayTicks(double jitterTicks) const {
  return 2.0 * ticksPerSnapshot_ + 2 * jitterTicks + boost_;
}

InterpolatedFrame Interpolator::sample(double renderTick, double frameSeconds) {
  InterpolatedFrame frame;
  frame.tick = renderTick;
  if (buffer_.empty()) return frame;  // nothing to draw yet: not a frame that starved
  ++frames_;
  frame.empty = false;
  // The pair around renderTick: a at or before it, b after it (or none: extrapolate from a).
  const auto after = std::upper_bound(
      buffer_.begin(), buffer_.end(), renderTick,
      [](double tick, const proto::Snapshot& s) { return tick < static_cast<double>(s.tick); });
  const proto::Snapshot* a = nullptr;
  const proto::Snapshot* b = nullptr;
  if (after == buffer_.begin()) {
    a = &buffer_.front();  // older than anything kept: the oldest, unmoved
  } else if (after == buffer_.end()) {
    a = &buffer_.back();
  } else {
    a = &*(after - 1);
    b = &*after;
  }
  if (!b && renderTick > a->tick) frame.starved = true;
  const double extra =
      std::clamp(renderTick - a->tick, 0.0, static_cast<double>(ticksPerSnapshot_));
  const double t = b ? (renderTick - a->tick) / static_cast<double>(b->tick - a->tick) : 0;

  const auto& players = b ? b->players : a->players;
  for (std::size_t id = 0; id < players.size(); ++id) {
    if (!players[id]) continue;
    RenderPlayer out{static_cast<sim::PlayerId>(id), {}, *players[id]};
    const auto& from = a->players[id];
    if (!b) {
      const sim::Vec v = from->alive ? from->velocity : sim::Vec{};
      out.position = along(from->position, v, extra);
    } else if (from && from->alive == players[id]->alive &&
               !jumped(from->position, players[id]->position)) {
      out.position = lerp(from->position, players[id]->position, t);
    } else {
      out.position = {static_cast<double>(players[id]->position.x),
                      static_cast<double>(players[id]->position.y)};
    }
    frame.players.push_back(out);
  }
  const auto& rockets = b ? b->projectiles : a->projectiles;
  for (const sim::Projectile& rocket : rockets) {
    RenderProjectile out{rocket.id, rocket.owner, {}};
    const auto from = std::find_if(a->projectiles.begin(), a->projectiles.end(),
                                   [&](const sim::Projectile& p) { return p.id == rocket.id; });
    if (!b) {
      out.position = along(rocket.position, rocket.velocity, extra);
    } else if (from != a->projectiles.end()) {
      out.position = lerp(from->position, rocket.position, t);
    } else {
      out.position = along(rocket.position, rocket.velocity, renderTick - b->tick);
    }
    frame.projectiles.push_back(out);
  }

  if (frame.starved) {
    ++starvedFrames_;
    boost_ = std::min(boost_ + kStarvedBoostTicks, static_cast<double>(ticksPerSnapshot_));
  } else {
    boost_ = std::max(0.0, boost_ - kRecoverTicksPerSecond * frameSeconds);
  }
  return frame;
}

}  // namespace weft::game::client
