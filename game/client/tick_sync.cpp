#include "game/client/tick_sync.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "net/core/assert.h"

namespace weft::game::client {

namespace {
constexpr double kMaxSpeedChange = 0.1;  // the client's tick runs at 90 % to 110 % of real time
}  // namespace

TickSync::TickSync(int ticksPerSecond)
    : tickLength_(std::chrono::duration_cast<net::Duration>(std::chrono::seconds(1)) /
                  ticksPerSecond) {}

void TickSync::reset() {
  origin_.reset();
  fromWelcome_ = false;
  jitter_ = {};
  rtt_ = {};
  margin_ = kInitialMarginTicks;
  lastAdvance_.reset();
  clientTick_ = 0;
}

double TickSync::ticks(net::Duration d) const {
  return static_cast<double>(d.count()) / static_cast<double>(tickLength_.count());
}

void TickSync::sample(sim::Tick tick, net::TimePoint now) {
  const net::TimePoint origin = now - tickLength_ * tick;
  if (std::exchange(fromWelcome_, false)) {
    origin_ = origin;  // the client's tick follows (it jumps when far off, never back)
    return;
  }
  if (!origin_ || std::chrono::abs(origin - *origin_) > kResyncAfter) {
    const bool resync = origin_.has_value();
    origin_ = origin;
    jitter_ = {};
    lastLate_ = lastShrink_ = now;
    if (resync) lastAdvance_.reset();  // a new timeline: the client's tick jumps to it
    return;
  }
  const net::Duration error = origin - *origin_;
  *origin_ += error / 16;
  jitter_ += (std::chrono::abs(error) - jitter_) / 16;
}

void TickSync::sampleWelcome(sim::Tick tick, net::TimePoint now) {
  sample(tick, now);
  fromWelcome_ = true;
}

void TickSync::inputLate(net::TimePoint now) {
  margin_ = std::min(kMaxMarginTicks, margin_ + 1);
  lastLate_ = lastShrink_ = now;
}

double TickSync::receivedTick(net::TimePoint now) const {
  WEFT_ASSERT(origin_.has_value(), "TickSync: no sample yet");
  return ticks(now - *origin_);
}

double TickSync::serverTick(net::TimePoint now) const {
  return receivedTick(now) + ticks(rtt()) / 2;
}

double TickSync::leadTicks() const {
  return ticks(rtt()) / 2 + 2 * ticks(jitter_) + margin_ + 1;
}

double TickSync::advance(net::TimePoint now) {
  WEFT_ASSERT(origin_.has_value(), "TickSync::advance before the first sample");
  // A second without a late input gives back a quarter of a tick of margin.
  if (now - lastLate_ >= std::chrono::seconds(1) && now - lastShrink_ >= std::chrono::seconds(1)) {
    margin_ = std::max(kMinMarginTicks, margin_ - 0.25);
    lastShrink_ = now;
  }
  const double target = serverTick(now) + leadTicks();
  if (!lastAdvance_ || std::abs(target - clientTick_) > kMaxDriftTicks) {
    clientTick_ = std::max(clientTick_, target);
  } else {
    const double elapsed = ticks(now - *lastAdvance_);
    // Close the gap within about a second of ticks, never faster than kMaxSpeedChange.
    const double gain =
        std::clamp((target - clientTick_) / 50.0, -kMaxSpeedChange, kMaxSpeedChange);
    clientTick_ = std::max(clientTick_, clientTick_ + elapsed * (1 + gain));
    // A frame far behind its target (a stall) catches up to it outright.
    if (target - clientTick_ > kMaxDriftTicks) clientTick_ = target;
  }
  lastAdvance_ = now;
  return clientTick_;
}

}  // namespace weft::game::client
