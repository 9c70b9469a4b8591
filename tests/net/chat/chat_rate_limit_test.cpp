#include "net/chat/chat_rate_limit.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace std::chrono_literals;
using weft::net::ChatRateLimit;
using weft::net::ChatRateLimiter;
using weft::net::TimePoint;
using Verdict = ChatRateLimiter::Verdict;

namespace {
const TimePoint kStart = TimePoint{} + 100s;
}

TEST_CASE("a burst is accepted back to back, then the first refusal says slow down") {
  const ChatRateLimit limit{.perSecond = 1, .burst = 3, .floodStrikes = 5};
  ChatRateLimiter limiter(limit, kStart);
  CHECK(limiter.take(limit, kStart) == Verdict::Accept);
  CHECK(limiter.take(limit, kStart) == Verdict::Accept);
  CHECK(limiter.take(limit, kStart) == Verdict::Accept);
  CHECK(limiter.take(limit, kStart) == Verdict::SlowDown);
  CHECK(limiter.take(limit, kStart) == Verdict::Refuse);
}

TEST_CASE("tokens come back at the sustained rate, never beyond the burst") {
  const ChatRateLimit limit{.perSecond = 2, .burst = 2, .floodStrikes = 10};
  ChatRateLimiter limiter(limit, kStart);
  CHECK(limiter.take(limit, kStart) == Verdict::Accept);
  CHECK(limiter.take(limit, kStart) == Verdict::Accept);
  CHECK(limiter.take(limit, kStart + 400ms) == Verdict::SlowDown);
  CHECK(limiter.take(limit, kStart + 500ms) == Verdict::Accept);    // 0.5 s at 2/s: one token
  CHECK(limiter.take(limit, kStart + 500ms) == Verdict::SlowDown);  // warned again: new episode

  const TimePoint later = kStart + 1h;  // a long silence refills only up to the burst
  CHECK(limiter.take(limit, later) == Verdict::Accept);
  CHECK(limiter.take(limit, later) == Verdict::Accept);
  CHECK(limiter.take(limit, later) == Verdict::SlowDown);
}

TEST_CASE("sustained flooding: floodStrikes refusals in a row disconnect") {
  const ChatRateLimit limit{.perSecond = 1, .burst = 1, .floodStrikes = 4};
  ChatRateLimiter limiter(limit, kStart);
  CHECK(limiter.take(limit, kStart) == Verdict::Accept);
  CHECK(limiter.take(limit, kStart) == Verdict::SlowDown);
  CHECK(limiter.take(limit, kStart) == Verdict::Refuse);
  CHECK(limiter.take(limit, kStart) == Verdict::Refuse);
  CHECK(limiter.take(limit, kStart) == Verdict::Flood);
}

TEST_CASE("an accepted message forgives the refusals before it") {
  const ChatRateLimit limit{.perSecond = 1, .burst = 1, .floodStrikes = 3};
  ChatRateLimiter limiter(limit, kStart);
  TimePoint t = kStart;
  for (int i = 0; i < 10; ++i) {
    CHECK(limiter.take(limit, t) == Verdict::Accept);
    CHECK(limiter.take(limit, t) == Verdict::SlowDown);
    CHECK(limiter.take(limit, t) == Verdict::Refuse);
    t += 1s;
  }
}

TEST_CASE("a rate of zero turns limiting off") {
  const ChatRateLimit limit{.perSecond = 0, .burst = 1, .floodStrikes = 1};
  ChatRateLimiter limiter(limit, kStart);
  for (int i = 0; i < 1000; ++i) REQUIRE(limiter.take(limit, kStart) == Verdict::Accept);
}
