// ChatRateLimiter: one member's token bucket — a burst, then a sustained rate — that says when
// to warn "slow down" and when flooding has gone on long enough to disconnect. Sans-I/O: the
// caller passes `now` from its Clock. Tests: tests/net/chat/chat_rate_limit_test.cpp
#pragma once

#include <cstdint>

#include "net/core/clock.h"

namespace weft::net {

struct ChatRateLimit {
  double perSecond = 1.0;  // messages a member may send per second, sustained; 0: no limit
  int burst = 5;           // messages accepted back to back after a quiet spell (>= 1)
  int floodStrikes = 20;   // messages refused in a row before the member is disconnected (>= 1)
};

class ChatRateLimiter {
 public:
  enum class Verdict : std::uint8_t {
    Accept,    // send it
    SlowDown,  // refuse it and tell the member (the first refusal after an accepted message)
    Refuse,    // refuse it quietly: the member was told already
    Flood,     // refuse it and disconnect the member: floodStrikes refusals in a row
  };

  // Starts with a full bucket at `now`.
  ChatRateLimiter(const ChatRateLimit& limit, TimePoint now);
  ChatRateLimiter() = default;  // an empty bucket, for storage that is assigned before use

  // One message at `now` (which never goes backwards).
  Verdict take(const ChatRateLimit& limit, TimePoint now);

 private:
  // The limit lives in the room's config, passed to take(), so each of ten thousand members
  // keeps only this: 16 bytes.
  TimePoint last_;  // tokens_ was right at this time
  float tokens_ = 0;
  std::uint16_t strikes_ = 0;  // refusals since the last accepted message
};

}  // namespace weft::net
