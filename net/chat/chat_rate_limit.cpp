#include "net/chat/chat_rate_limit.h"

#include <algorithm>

namespace weft::net {

ChatRateLimiter::ChatRateLimiter(const ChatRateLimit& limit, TimePoint now)
    : last_(now), tokens_(static_cast<float>(limit.burst)) {}

ChatRateLimiter::Verdict ChatRateLimiter::take(const ChatRateLimit& limit, TimePoint now) {
  if (limit.perSecond <= 0) return Verdict::Accept;
  if (now > last_) {
    const double refill = toSeconds(now - last_) * limit.perSecond;
    tokens_ = static_cast<float>(std::min<double>(limit.burst, tokens_ + refill));
    last_ = now;
  }
  if (tokens_ >= 1.0f) {
    tokens_ -= 1.0f;
    strikes_ = 0;
    return Verdict::Accept;
  }
  if (strikes_ < UINT16_MAX) ++strikes_;
  if (strikes_ >= limit.floodStrikes) return Verdict::Flood;
  return strikes_ == 1 ? Verdict::SlowDown : Verdict::Refuse;
}

}  // namespace weft::net
