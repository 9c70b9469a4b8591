#include "game/server/input_buffer.h"

#include <doctest/doctest.h>

#include "tests/support/death_test.h"

using weft::game::server::InputBuffer;
using weft::game::sim::Input;
using weft::game::sim::Tick;

namespace {
Input moving(std::int8_t x) {
  Input input;
  input.moveX = x;
  return input;
}
}  // namespace

TEST_CASE("an input arriving ahead of its tick is applied at that tick, and acked") {
  InputBuffer buffer(10);
  buffer.offer(12, moving(5));
  CHECK(buffer.take(10) == Input{});  // nothing yet: stand still
  CHECK(buffer.take(11) == Input{});
  CHECK_FALSE(buffer.lastOwnTick());
  CHECK(buffer.take(12) == moving(5));
  CHECK(buffer.lastOwnTick() == 12);
  CHECK(buffer.lastOwnSlack() == 2);  // it came two ticks before the server needed it
  CHECK(buffer.counters().accepted == 1);
  CHECK(buffer.counters().missing == 2);
}

TEST_CASE(
    "a tick without an input repeats the last one applied, and is not acked as the client's") {
  InputBuffer buffer(0);
  Input firing = moving(127);
  firing.buttons = weft::game::sim::kFireLaser;
  buffer.offer(0, firing);
  CHECK(buffer.take(0) == firing);
  CHECK(buffer.take(1) == firing);  // lost: the held key stays held
  CHECK(buffer.take(2) == firing);
  CHECK(buffer.lastOwnTick() == 0);
  CHECK(buffer.counters().missing == 2);
  buffer.offer(3, moving(-3));
  CHECK(buffer.take(3) == moving(-3));
  CHECK(buffer.lastOwnTick() == 3);
  CHECK(buffer.lastOwnSlack() == 0);
}

TEST_CASE("inputs out of order and repeated in every packet each count once, the first copy wins") {
  InputBuffer buffer(100);
  // Packets carry the newest three inputs; the second packet overtook the first.
  for (Tick tick : {103, 102, 101})
    buffer.offer(tick, moving(static_cast<std::int8_t>(tick - 100)));
  for (Tick tick : {102, 101, 100})
    buffer.offer(tick, moving(static_cast<std::int8_t>(tick - 100)));
  buffer.offer(101, moving(99));  // a rewrite of a tick already held changes nothing
  CHECK(buffer.counters().accepted == 4);
  CHECK(buffer.counters().duplicates == 3);
  for (Tick tick = 100; tick <= 103; ++tick) {
    CHECK(buffer.take(tick) == moving(static_cast<std::int8_t>(tick - 100)));
  }
  CHECK(buffer.counters().missing == 0);
}

TEST_CASE("an input for a tick already stepped is late and changes nothing") {
  InputBuffer buffer(0);
  buffer.take(0);
  buffer.take(1);
  buffer.offer(1, moving(7));
  buffer.offer(-5, moving(7));
  CHECK(buffer.counters().late == 2);
  CHECK(buffer.take(2) == Input{});
  CHECK_FALSE(buffer.lastOwnTick());
}

TEST_CASE(
    "an input more than a second ahead is dropped, not held: a client cannot book the future") {
  InputBuffer buffer(0);
  buffer.offer(InputBuffer::kMaxAhead, moving(1));      // the furthest still taken
  buffer.offer(InputBuffer::kMaxAhead + 1, moving(2));  // one more: refused
  buffer.offer(std::numeric_limits<Tick>::max(), moving(3));
  CHECK(buffer.counters().accepted == 1);
  CHECK(buffer.counters().tooEarly == 2);
  for (Tick tick = 0; tick < InputBuffer::kMaxAhead; ++tick) CHECK(buffer.take(tick) == Input{});
  CHECK(buffer.take(InputBuffer::kMaxAhead) == moving(1));
  // The slot that tick kMaxAhead + 1 would share with tick 0 of the next lap is free again.
  buffer.offer(InputBuffer::kMaxAhead + 1, moving(2));
  CHECK(buffer.take(InputBuffer::kMaxAhead + 1) == moving(2));
}

TEST_CASE(
    "a steady stream of inputs one tick ahead with jitter arrives whole, ring lap after lap") {
  InputBuffer buffer(0);
  // Each input is sent with a lead of 3 ticks and arrives between 0 and 2 ticks later, for
  // several laps of the ring: every one is on time, none is mistaken for another lap's.
  constexpr Tick kTicks = 5 * InputBuffer::kCapacity;
  Tick sent = 0;
  for (Tick now = 0; now < kTicks; ++now) {
    while (sent <= now + 3 && sent < kTicks) {
      if (sent % 3 != 0) buffer.offer(sent, moving(static_cast<std::int8_t>(sent % 100)));
      ++sent;
    }
    if (now % 3 == 0) buffer.offer(now, moving(static_cast<std::int8_t>(now % 100)));  // jittered
    CHECK(buffer.take(now) == moving(static_cast<std::int8_t>(now % 100)));
  }
  CHECK(buffer.counters().missing == 0);
  CHECK(buffer.counters().late == 0);
  CHECK(buffer.counters().accepted == static_cast<std::uint64_t>(kTicks));
}

TEST_CASE("ticks are taken in order, each once") {
  const auto death = weft::testing::expectDeath([] {
    InputBuffer buffer(5);
    buffer.take(6);
  });
  CHECK(death.aborted);
  CHECK(death.stderrText.find("ticks are taken in order") != std::string::npos);
}
