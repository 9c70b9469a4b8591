#include "net/discovery/source_rate_limiter.h"

#include <algorithm>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::net {

namespace {
Result<void> checkLimit(const RateLimit& limit, std::string_view which) {
  if (!(limit.perSecond > 0)) {
    return Error{strCat(which, ".perSecond must be above 0, got ", limit.perSecond)};
  }
  if (!(limit.burst >= 1)) {
    return Error{strCat(which, ".burst must be at least 1, got ", limit.burst)};
  }
  return {};
}
}  // namespace

Result<SourceRateLimiterConfig> SourceRateLimiter::check(SourceRateLimiterConfig config) {
  if (auto r = checkLimit(config.perSource, "perSource"); !r) return r.error();
  if (auto r = checkLimit(config.overall, "overall"); !r) return r.error();
  if (config.maxSources == 0) return Error{"maxSources must be at least 1"};
  if (auto r = checkLimit(config.known, "known"); !r) return r.error();
  if (!(config.knownFor > Duration::zero())) return Error{"knownFor must be above 0"};
  return config;
}

SourceRateLimiter::SourceRateLimiter(SourceRateLimiterConfig config) : config_(config) {
  WEFT_ASSERT(check(config).ok(), "SourceRateLimiter: pass the config through check() first");
  overall_.tokens = config_.overall.burst;
  overall_.updated = TimePoint::min();  // full from the start, whatever `now` is
}

std::size_t SourceRateLimiter::HostHash::operator()(const Host& host) const {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  std::memcpy(&high, host.data(), 8);
  std::memcpy(&low, host.data() + 8, 8);
  return std::hash<std::uint64_t>{}(high * 0x9e3779b97f4a7c15ull ^ low);
}

bool SourceRateLimiter::Bucket::refill(const RateLimit& limit, TimePoint now) {
  if (now > updated) {
    // Saturates instead of overflowing when `updated` is TimePoint::min().
    const double elapsed =
        updated == TimePoint::min() ? limit.burst / limit.perSecond : toSeconds(now - updated);
    tokens = std::min(limit.burst, tokens + elapsed * limit.perSecond);
    updated = now;
  }
  return tokens >= 1;
}

SourceRateLimiter::Host SourceRateLimiter::hostOf(const Address& address) {
  Host host{};
  const sockaddr* raw = address.sockaddrPointer();
  if (address.family() == Address::Family::IPv4) {
    host[10] = 0xff;
    host[11] = 0xff;
    std::memcpy(host.data() + 12, &reinterpret_cast<const sockaddr_in*>(raw)->sin_addr, 4);
  } else if (address.family() == Address::Family::IPv6) {
    std::memcpy(host.data(), &reinterpret_cast<const sockaddr_in6*>(raw)->sin6_addr, 16);
  }
  return host;
}

void SourceRateLimiter::forgetIdle(TimePoint now) {
  if (now < nextForget_) return;  // nobody can have refilled yet: spare the scan
  const RateLimit& limit = config_.perSource;
  Duration soonest = Duration::max();
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Bucket& bucket = it->second;
    bucket.refill(limit, now);
    if (bucket.tokens >= limit.burst) {
      it = buckets_.erase(it);
    } else {
      soonest = std::min(soonest, fromSeconds((limit.burst - bucket.tokens) / limit.perSecond));
      ++it;
    }
  }
  nextForget_ = soonest == Duration::max() ? now : now + soonest;
}

SourceRateLimiter::Verdict SourceRateLimiter::allow(const Address& source, TimePoint now) {
  const Host host = hostOf(source);
  // The overall bucket first: under a flood from many (spoofed) hosts the per-source table is
  // then touched only at the overall rate (the known table, bounded small, on every query).
  if (!overall_.refill(config_.overall, now)) {
    return fromReserve(host, Verdict::OverallLimited, now);
  }
  auto it = buckets_.find(host);
  if (it == buckets_.end()) {
    if (buckets_.size() >= config_.maxSources) {
      forgetIdle(now);
      if (buckets_.size() >= config_.maxSources) {
        return fromReserve(host, Verdict::TooManySources, now);
      }
    }
    it = buckets_.emplace(host, Bucket{config_.perSource.burst, now}).first;
  }
  if (!it->second.refill(config_.perSource, now)) return Verdict::SourceLimited;
  it->second.tokens -= 1;
  overall_.tokens -= 1;
  remember(host, now);
  return Verdict::Allowed;
}

void SourceRateLimiter::remember(const Host& host, TimePoint now) {
  if (auto it = known_.find(host); it != known_.end()) {
    it->second.lastAnswered = now;
    return;
  }
  if (known_.size() >= config_.maxKnownSources) {
    if (now < nextKnownSweep_) return;  // nobody is due to be forgotten yet: spare the scan
    TimePoint oldest = TimePoint::max();
    std::erase_if(known_, [&](const auto& entry) {
      if (now - entry.second.lastAnswered >= config_.knownFor) return true;
      oldest = std::min(oldest, entry.second.lastAnswered);
      return false;
    });
    if (known_.size() >= config_.maxKnownSources) {
      nextKnownSweep_ = oldest + config_.knownFor;
      return;
    }
  }
  known_.emplace(host, Known{Bucket{config_.known.burst, now}, now});
}

SourceRateLimiter::Verdict SourceRateLimiter::fromReserve(const Host& host, Verdict refused,
                                                          TimePoint now) {
  const auto it = known_.find(host);
  if (it == known_.end()) return refused;
  Known& known = it->second;
  if (now - known.lastAnswered >= config_.knownFor) {
    known_.erase(it);  // silent too long: a stranger again
    return refused;
  }
  if (!known.reserve.refill(config_.known, now)) return Verdict::SourceLimited;
  known.reserve.tokens -= 1;
  known.lastAnswered = now;
  return Verdict::AllowedKnown;
}

}  // namespace weft::net
