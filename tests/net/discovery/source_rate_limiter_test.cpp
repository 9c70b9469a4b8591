#include "net/discovery/source_rate_limiter.h"

#include <doctest/doctest.h>

#include <string>

using namespace std::chrono_literals;
using weft::net::Address;
using weft::net::SourceRateLimiter;
using weft::net::SourceRateLimiterConfig;
using weft::net::TimePoint;
using Verdict = SourceRateLimiter::Verdict;

namespace {
Address host(const std::string& ip, std::uint16_t port = 5000) {
  auto address = Address::fromNumeric(ip, port);
  REQUIRE(address.ok());
  return *address;
}

SourceRateLimiterConfig config(double perSecond, double burst) {
  SourceRateLimiterConfig c;
  c.perSource = {perSecond, burst};
  return c;
}

// How many of `count` requests at `now` are allowed.
int allowed(SourceRateLimiter& limiter, const Address& source, TimePoint now, int count) {
  int n = 0;
  for (int i = 0; i < count; ++i) n += limiter.allow(source, now) == Verdict::Allowed;
  return n;
}

const TimePoint t0 = TimePoint{} + 1000s;
}  // namespace

TEST_CASE("a source gets its burst at once, then its sustained rate") {
  SourceRateLimiter limiter(config(4, 8));
  const Address a = host("192.0.2.1");
  CHECK(allowed(limiter, a, t0, 20) == 8);
  CHECK(limiter.allow(a, t0) == Verdict::SourceLimited);
  CHECK(allowed(limiter, a, t0 + 250ms, 5) == 1);
  CHECK(allowed(limiter, a, t0 + 1250ms, 10) == 4);
  // A long quiet spell refills to the burst and no further.
  CHECK(allowed(limiter, a, t0 + 1h, 20) == 8);
}

TEST_CASE("sources are limited apart, and a host's ports share one budget") {
  SourceRateLimiter limiter(config(1, 2));
  CHECK(allowed(limiter, host("192.0.2.1", 1000), t0, 5) == 2);
  CHECK(limiter.allow(host("192.0.2.1", 2000), t0) == Verdict::SourceLimited);
  CHECK(allowed(limiter, host("192.0.2.2"), t0, 5) == 2);
  CHECK(allowed(limiter, host("2001:db8::1"), t0, 5) == 2);
  CHECK(allowed(limiter, host("::ffff:192.0.2.3"), t0, 5) == 2);
  // An IPv4-mapped IPv6 source is the same host as its IPv4 form.
  CHECK(limiter.allow(host("192.0.2.3"), t0) == Verdict::SourceLimited);
  CHECK(limiter.trackedSources() == 4);
}

TEST_CASE("the overall limit caps all sources together, spent only by allowed requests") {
  SourceRateLimiterConfig c = config(10, 3);
  c.overall = {2, 5};
  SourceRateLimiter limiter(c);
  // One noisy host: 3 allowed, the rest refused by its own bucket without spending overall.
  CHECK(allowed(limiter, host("192.0.2.1"), t0, 50) == 3);
  CHECK(allowed(limiter, host("192.0.2.2"), t0, 1) == 1);
  CHECK(allowed(limiter, host("192.0.2.3"), t0, 1) == 1);
  CHECK(limiter.allow(host("192.0.2.4"), t0) == Verdict::OverallLimited);
  CHECK(limiter.allow(host("192.0.2.4"), t0 + 500ms) == Verdict::Allowed);
}

TEST_CASE("a full table refuses new hosts until a remembered one has gone quiet") {
  SourceRateLimiterConfig c = config(1, 2);
  c.maxSources = 3;
  SourceRateLimiter limiter(c);
  for (const char* ip : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
    CHECK(limiter.allow(host(ip), t0) == Verdict::Allowed);
  }
  CHECK(limiter.allow(host("192.0.2.4"), t0) == Verdict::TooManySources);
  CHECK(limiter.allow(host("192.0.2.4"), t0 + 500ms) == Verdict::TooManySources);
  // Remembered hosts keep their service meanwhile.
  CHECK(limiter.allow(host("192.0.2.1"), t0 + 500ms) == Verdict::Allowed);
  // 192.0.2.2 and .3 spent one token at t0: full again one second later, and forgotten.
  CHECK(limiter.allow(host("192.0.2.4"), t0 + 1s) == Verdict::Allowed);
  CHECK(limiter.trackedSources() == 2);
}

TEST_CASE("rate limits that make no sense are refused with the bad value") {
  auto check = [](SourceRateLimiterConfig c) {
    auto checked = SourceRateLimiter::check(c);
    REQUIRE_FALSE(checked.ok());
    return checked.error().message;
  };
  CHECK(check(config(0, 8)) == "perSource.perSecond must be above 0, got 0");
  CHECK(check(config(4, 0.5)) == "perSource.burst must be at least 1, got 0.5");
  SourceRateLimiterConfig c;
  c.overall.perSecond = -1;
  CHECK(check(c) == "overall.perSecond must be above 0, got -1");
  c = {};
  c.maxSources = 0;
  CHECK(check(c) == "maxSources must be at least 1");
  CHECK(SourceRateLimiter::check({}).ok());
}

namespace {
// 127.0.x.y for i = 0, 1, ...: as many hosts as a flood needs, none of them 192.0.2.x.
Address flooder(int i) {
  return host("127.0." + std::to_string(i / 250) + "." + std::to_string(2 + i % 250));
}
}  // namespace

TEST_CASE("a flood from many addresses leaves a host answered before its browser's pace") {
  SourceRateLimiter limiter(SourceRateLimiterConfig{});
  const Address browser = host("192.0.2.1");
  REQUIRE(limiter.allow(browser, t0) == Verdict::Allowed);  // seen before the flood
  CHECK(limiter.knownSources() == 1);
  // 2000 hosts each asking 10 times a second, for 30 s; the browser once a second.
  int browserAnswered = 0;
  int floodAnswered = 0;
  for (int tick = 1; tick <= 300; ++tick) {
    const TimePoint now = t0 + tick * 100ms;
    for (int i = 0; i < 2000; ++i)
      floodAnswered += SourceRateLimiter::answered(limiter.allow(flooder(i), now));
    if (tick % 10 == 0) browserAnswered += SourceRateLimiter::answered(limiter.allow(browser, now));
  }
  CHECK(browserAnswered == 30);
  // The flood got the overall budget and the known places left over, nothing more: 256 a
  // second plus the overall burst, plus 63 known hosts at 2 a second plus their bursts.
  CHECK(floodAnswered <= 256 * 30 + 256 + 63 * (2 * 30 + 4));
  CHECK(limiter.trackedSources() <= SourceRateLimiterConfig{}.maxSources);
  CHECK(limiter.knownSources() <= SourceRateLimiterConfig{}.maxKnownSources);
}

TEST_CASE("a known host gets from its reserve at most its own rate") {
  SourceRateLimiterConfig c = config(10, 10);
  c.overall = {1, 1};
  c.known = {2, 3};
  SourceRateLimiter limiter(c);
  const Address a = host("192.0.2.1");
  REQUIRE(limiter.allow(a, t0) == Verdict::Allowed);  // takes the one overall token
  CHECK(allowed(limiter, a, t0, 10) == 0);            // Allowed itself: none
  int fromReserve = 0;
  for (int i = 0; i < 10; ++i) fromReserve += limiter.allow(a, t0) == Verdict::AllowedKnown;
  CHECK(fromReserve == 0);  // the 10 above spent the burst of 3 already
  CHECK(limiter.allow(a, t0 + 1s) == Verdict::Allowed);       // overall refilled one
  CHECK(limiter.allow(a, t0 + 1s) == Verdict::AllowedKnown);  // then the reserve: 2 a second
  CHECK(limiter.allow(a, t0 + 1s) == Verdict::AllowedKnown);
  CHECK(limiter.allow(a, t0 + 1s) == Verdict::SourceLimited);
  CHECK(limiter.allow(host("192.0.2.2"), t0 + 1s) == Verdict::OverallLimited);  // a stranger
}

TEST_CASE("the known hosts are few: the first answered take the places, the silent give them up") {
  SourceRateLimiterConfig c;
  c.maxKnownSources = 2;
  c.knownFor = 10s;
  SourceRateLimiter limiter(c);
  CHECK(limiter.allow(host("192.0.2.1"), t0) == Verdict::Allowed);
  CHECK(limiter.allow(host("192.0.2.2"), t0 + 1s) == Verdict::Allowed);
  CHECK(limiter.allow(host("192.0.2.3"), t0 + 2s) == Verdict::Allowed);  // answered, not known
  CHECK(limiter.knownSources() == 2);
  // .2 keeps asking; .1 goes silent and gives its place up after knownFor.
  CHECK(limiter.allow(host("192.0.2.2"), t0 + 9s) == Verdict::Allowed);
  CHECK(limiter.allow(host("192.0.2.3"), t0 + 10s) == Verdict::Allowed);
  CHECK(limiter.knownSources() == 2);
  // Now a flood spends the overall budget: .2 and .3 are known, .1 a stranger.
  SourceRateLimiterConfig tight = c;
  tight.overall = {1, 1};
  SourceRateLimiter flooded(tight);
  CHECK(flooded.allow(host("192.0.2.2"), t0) == Verdict::Allowed);
  CHECK(flooded.allow(host("192.0.2.1"), t0) == Verdict::OverallLimited);
  CHECK(flooded.allow(host("192.0.2.2"), t0) == Verdict::AllowedKnown);
  // Silent for knownFor, it is a stranger again.
  CHECK(flooded.allow(host("192.0.2.9"), t0 + 10s) == Verdict::Allowed);  // spends overall
  CHECK(flooded.allow(host("192.0.2.2"), t0 + 10s) == Verdict::OverallLimited);
}

TEST_CASE("known limits that make no sense are refused with the bad value") {
  SourceRateLimiterConfig c;
  c.known.perSecond = 0;
  auto checked = SourceRateLimiter::check(c);
  REQUIRE_FALSE(checked.ok());
  CHECK(checked.error().message == "known.perSecond must be above 0, got 0");
  c = {};
  c.knownFor = {};
  REQUIRE_FALSE(SourceRateLimiter::check(c).ok());
  CHECK(SourceRateLimiter::check(c).error().message == "knownFor must be above 0");
}
