// SourceRateLimiter: token buckets per source host and one overall, so a discovery server
// answers browsers at their normal pace but cannot be made to flood a victim (or the LAN) with
// answers to spoofed queries; and a reserve for hosts answered before, so a flood of queries
// from many addresses cannot starve the browsers already showing the server. Sans-I/O: the
// caller passes `now`.
// Tests: tests/net/discovery/source_rate_limiter_test.cpp
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net {

struct RateLimit {
  double perSecond = 4;  // sustained rate
  double burst = 8;      // allowed at once after a quiet spell; at least 1
};

struct SourceRateLimiterConfig {
  RateLimit perSource;            // per source host (the port is ignored)
  RateLimit overall{256, 256};    // all sources together
  std::size_t maxSources = 1024;  // hosts remembered at once (memory bound)
  // Priority for hosts seen before: a host answered within the last knownFor is "known", and
  // when the overall budget (or the table) is spent by others it is still answered, from a
  // bucket of its own at this rate: a browser's pace (one query a second) plus a refresh. So
  // a flood from many new addresses leaves the browsers that already list the server seeing
  // it. At most maxKnownSources hosts are known at once (the first answered take the places;
  // one silent for knownFor gives its place up), so a flood adds at most
  // maxKnownSources x known.perSecond answers a second to overall's (128 by default).
  RateLimit known{2, 4};
  std::size_t maxKnownSources = 64;
  Duration knownFor = std::chrono::seconds(30);
};

class SourceRateLimiter {
 public:
  enum class Verdict : std::uint8_t {
    Allowed,
    AllowedKnown,    // the overall budget or the table is spent, but this host is known
    SourceLimited,   // this host asked too often
    OverallLimited,  // everyone together asked too often
    TooManySources,  // the table is full of hosts that asked recently
  };

  // Errors name the bad value (a rate that is not positive, a burst below 1, no sources).
  static Result<SourceRateLimiterConfig> check(SourceRateLimiterConfig config);
  // `config` must pass check() (an assert).
  explicit SourceRateLimiter(SourceRateLimiterConfig config);

  // Takes a token from the source's bucket and the overall one, or says why it cannot. Only
  // allowed requests spend overall tokens, so one noisy host cannot lock everyone else out.
  // When overall or the table refuses, a known host takes a token from its own reserve
  // instead (AllowedKnown). A host answered with Allowed becomes known if there is room.
  Verdict allow(const Address& source, TimePoint now);
  static bool answered(Verdict verdict) {
    return verdict == Verdict::Allowed || verdict == Verdict::AllowedKnown;
  }

  std::size_t trackedSources() const { return buckets_.size(); }
  std::size_t knownSources() const { return known_.size(); }

 private:
  using Host = std::array<std::uint8_t, 16>;  // IPv6, or IPv4 as ::ffff:a.b.c.d
  struct HostHash {
    std::size_t operator()(const Host& host) const;
  };
  struct Bucket {
    double tokens = 0;
    TimePoint updated{};
    // Refills to `now` at `limit`'s rate; returns whether a whole token is there.
    bool refill(const RateLimit& limit, TimePoint now);
  };

  static Host hostOf(const Address& address);
  struct Known {
    Bucket reserve;
    TimePoint lastAnswered{};
  };

  // Forgets hosts whose buckets have refilled completely: they behave like new ones anyway.
  // Scans the table at most once per time a bucket could refill, so a flood of new hosts
  // against a full table costs O(1) each.
  void forgetIdle(TimePoint now);
  // A host just answered from the ordinary budget: known from now on, if there is room.
  void remember(const Host& host, TimePoint now);
  // A known host's query that the ordinary budget refused.
  Verdict fromReserve(const Host& host, Verdict refused, TimePoint now);

  SourceRateLimiterConfig config_;
  Bucket overall_;
  TimePoint nextForget_{};  // no bucket in the table is full before this
  std::unordered_map<Host, Bucket, HostHash> buckets_;
  std::unordered_map<Host, Known, HostHash> known_;
  TimePoint nextKnownSweep_{};  // no known host is due to be forgotten before this
};

}  // namespace weft::net
