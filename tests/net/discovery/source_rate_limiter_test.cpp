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
