// TickSync: the server's tick from snapshot arrivals, the jitter measured, a lead that grows
// at once when inputs come late and shrinks slowly, a client tick that never runs back.

#include "game/client/tick_sync.h"

#include <doctest/doctest.h>

using namespace weft::game::client;
namespace net = weft::net;
using namespace std::chrono_literals;

namespace {
const net::TimePoint kStart{std::chrono::seconds(100)};
}

TEST_CASE("steady arrivals give the server's tick, no jitter, and a lead of RTT/2 plus margin") {
  TickSync sync(50);
  CHECK_FALSE(sync.synced());
  for (int i = 0; i <= 50; ++i) sync.sample(1000 + 2 * i, kStart + 40ms * i);
  REQUIRE(sync.synced());
  const net::TimePoint now = kStart + 40ms * 50 + 10ms;
  CHECK(sync.receivedTick(now) == doctest::Approx(1100.5));
  CHECK(sync.jitter() == net::Duration::zero());
  sync.setRtt(60ms);
  CHECK(sync.serverTick(now) == doctest::Approx(1102));  // + 30 ms
  // 30 ms + no jitter + the initial margin + one tick.
  CHECK(sync.leadTicks() == doctest::Approx(1.5 + TickSync::kInitialMarginTicks + 1));
  // Two seconds without a late input have given back a quarter tick of margin.
  const double tick = sync.advance(now);
  CHECK(sync.marginTicks() == doctest::Approx(TickSync::kInitialMarginTicks - 0.25));
  CHECK(tick == doctest::Approx(1102 + sync.leadTicks()));
}

TEST_CASE("a Welcome held back by a retransmit gives way to the first snapshot at once") {
  TickSync sync(50);
  // The Welcome of tick 1000 arrives 300 ms late (its first copy was lost); snapshots then
  // arrive on time, every 40 ms.
  sync.sampleWelcome(1000, kStart + 300ms);
  sync.advance(kStart + 300ms);
  sync.sample(1016, kStart + 40ms * 8);
  CHECK(sync.receivedTick(kStart + 40ms * 8) == doctest::Approx(1016));
  CHECK(sync.jitter() == net::Duration::zero());
  // The next snapshots smooth in as before: the Welcome is not a sample of the jitter.
  sync.sample(1018, kStart + 40ms * 9);
  CHECK(sync.receivedTick(kStart + 40ms * 9) == doctest::Approx(1018));
  CHECK(sync.jitter() == net::Duration::zero());
  // The client's tick, 15 ticks behind, jumps to its target.
  sync.setRtt(50ms);
  CHECK(sync.advance(kStart + 40ms * 9) == doctest::Approx(1018 + 1.25 + sync.leadTicks()));
}

TEST_CASE("jittered arrivals are measured, and the estimate stays near the mean") {
  TickSync sync(50);
  for (int i = 0; i <= 200; ++i) {
    const auto noise = (i % 2 == 0) ? 5ms : -5ms;
    sync.sample(2 * i, kStart + 40ms * i + noise);
  }
  CHECK(sync.jitter() > 3ms);
  CHECK(sync.jitter() < 6ms);
  CHECK(std::abs(sync.receivedTick(kStart + 40ms * 200) - 400) < 0.3);
}

TEST_CASE("late inputs grow the margin at once; quiet seconds shrink it slowly") {
  TickSync sync(50);
  sync.sample(0, kStart);
  net::TimePoint now = kStart;
  (void)sync.advance(now);
  sync.inputLate(now);
  sync.inputLate(now);
  CHECK(sync.marginTicks() == doctest::Approx(TickSync::kInitialMarginTicks + 2));
  for (int i = 0; i < 100; ++i) sync.inputLate(now);
  CHECK(sync.marginTicks() == doctest::Approx(TickSync::kMaxMarginTicks));
  const double grown = sync.marginTicks();
  for (int i = 0; i < 4; ++i) {
    now += 1s;
    sync.sample(50 * (i + 1), now);
    (void)sync.advance(now);
  }
  CHECK(sync.marginTicks() < grown);
  CHECK(sync.marginTicks() >= grown - 1.0);
  for (int i = 4; i < 200; ++i) {
    now += 1s;
    sync.sample(50 * (i + 1), now);
    (void)sync.advance(now);
  }
  CHECK(sync.marginTicks() == doctest::Approx(TickSync::kMinMarginTicks));
}

TEST_CASE("the client's tick follows its target smoothly and never goes back") {
  TickSync sync(50);
  sync.setRtt(40ms);
  net::TimePoint now = kStart;
  sync.sample(0, now);
  double last = sync.advance(now);
  // The server's timeline moves 3 ticks earlier (arrivals get later by 60 ms, within the
  // resync bound): the client slows down instead of running back.
  for (int i = 1; i <= 100; ++i) {
    now += 16ms;
    if (i % 2 == 0)
      sync.sample(static_cast<weft::game::sim::Tick>((now - kStart - 60ms) / 20ms), now);
    const double tick = sync.advance(now);
    CHECK(tick >= last);
    CHECK(tick - last <= 0.8 * 1.1 + 1e-9);  // 16 ms is 0.8 ticks, at most 10 % faster
    last = tick;
  }
  // A new timeline (a server restart) is a jump.
  now += 16ms;
  sync.sample(100000, now);
  CHECK(sync.advance(now) > 100000);
}
