// TickSync: the server's tick as this client estimates it, and the client's own tick, which runs
// ahead of it by a lead so that each input reaches the server before the step that applies it.
// Tests: tests/game/client/tick_sync_test.cpp
#pragma once

#include <optional>

#include "game/sim/units.h"
#include "net/core/clock.h"

namespace weft::game::client {

// The model, in ticks of the server's simulation (doubles: a tick and a fraction):
//
// - Received time. A snapshot of tick S that arrives at local time t says "the server's tick S
//   is seen here at t". Each arrival is a sample of origin = t - S × tickLength; the estimate
//   follows the samples with a gain of 1/16, and their mean deviation from it is the measured
//   jitter (as TCP's RTT estimator, RFC 6298, follows its samples). receivedTick(now) =
//   (now - origin) / tickLength: what the newest snapshot would say if one arrived now.
//   Interpolation renders a delay behind it.
// - Server tick. The server is half a round trip ahead of what arrives here:
//   serverTick(now) = receivedTick(now) + RTT / 2, the RTT being the transport's
//   (NetStats::rtt) or kAssumedRtt while it has none.
// - Lead. An input sent now arrives half a round trip later, give or take the jitter; the
//   server files it by the tick it is for and applies it when it steps that tick. So the
//   client's tick is serverTick(now) + lead, lead = RTT / 2 + 2 × jitter + margin + 1 tick.
//   `margin` starts at kInitialMarginTicks, grows by a tick each time a snapshot shows the
//   server repeated an input the client had sent (it came late or was lost in every packet
//   that carried it), up to kMaxMarginTicks, and shrinks by a quarter of a tick each second
//   in which no input was late, down to kMinMarginTicks: slack is given back slowly, lateness
//   is answered at once (DDNet's input timing works the same way round).
// - The client's tick advances with the local clock, sped up or slowed down by up to 10 % to
//   meet its target; one more than kMaxDriftTicks away (the first snapshot, a server that
//   paused) it jumps. It never goes back: ticks already sent keep their inputs.
class TickSync {
 public:
  static constexpr net::Duration kAssumedRtt = std::chrono::milliseconds(100);
  static constexpr double kInitialMarginTicks = 2;
  static constexpr double kMinMarginTicks = 1;
  static constexpr double kMaxMarginTicks = 12;
  static constexpr double kMaxDriftTicks = 8;
  // A sample this far from the estimate is a new timeline (a reconnect, a server restart).
  static constexpr net::Duration kResyncAfter = std::chrono::milliseconds(500);

  explicit TickSync(int ticksPerSecond);

  // Forget the server (a new connection): not synced until the next sample.
  void reset();
  // A snapshot of `tick` seen at `now`.
  void sample(sim::Tick tick, net::TimePoint now);
  // The Welcome's tick seen at `now`: an estimate until the first snapshot, which replaces it
  // outright. The Welcome is reliable, so it may be a retransmit, late by a timeout of
  // hundreds of milliseconds; smoothed in, that would hold the ticks back for seconds.
  void sampleWelcome(sim::Tick tick, net::TimePoint now);
  // The transport's smoothed RTT; zero when it cannot know.
  void setRtt(net::Duration rtt) { rtt_ = rtt; }
  // A snapshot showed an input of this client repeated by the server.
  void inputLate(net::TimePoint now);

  bool synced() const { return origin_.has_value(); }
  double receivedTick(net::TimePoint now) const;
  double serverTick(net::TimePoint now) const;
  double leadTicks() const;
  // The mean deviation of arrivals from the estimate.
  net::Duration jitter() const { return jitter_; }
  net::Duration rtt() const { return rtt_ > net::Duration::zero() ? rtt_ : kAssumedRtt; }
  double marginTicks() const { return margin_; }
  net::Duration tickLength() const { return tickLength_; }

  // The client's tick at `now` (a fraction: the integer part is the newest tick it has an
  // input for); call it once per frame, its speed follows the target. Asserts synced().
  double advance(net::TimePoint now);
  double clientTick() const { return clientTick_; }

 private:
  double ticks(net::Duration d) const;

  net::Duration tickLength_;
  std::optional<net::TimePoint> origin_;
  bool fromWelcome_ = false;  // origin_ is the Welcome's: the next sample replaces it
  net::Duration jitter_{};
  net::Duration rtt_{};
  double margin_ = kInitialMarginTicks;
  net::TimePoint lastLate_{};
  net::TimePoint lastShrink_{};
  std::optional<net::TimePoint> lastAdvance_;
  double clientTick_ = 0;
};

}  // namespace weft::game::client
