#include "net/protocols/stream_heartbeat.h"

#include <algorithm>

#include "net/core/assert.h"

namespace weft::net {

StreamHeartbeat::StreamHeartbeat(Scheduler& scheduler, const HeartbeatConfig& config,
                                 HeartbeatSink& sink)
    : scheduler_(scheduler), interval_(config.interval), sink_(sink) {
  WEFT_ASSERT(config.interval > Duration::zero() && config.timeout > 2 * config.interval,
              "HeartbeatConfig: interval must be positive and timeout more than twice it (or "
              "interval zero for no heartbeat)");
  // Whole intervals, rounded up: the timeout is never cut short.
  silentAllowed_ =
      static_cast<std::uint32_t>((config.timeout + interval_ - Duration(1)) / interval_);
}

void StreamHeartbeat::start() {
  WEFT_ASSERT(!tick_.active(), "StreamHeartbeat::start: once");
  tick_ = scheduler_.callLater(interval_, [this] { tick(); });
  sink_.sendHeartbeat();  // last: the sink may stop the heartbeat from inside
}

void StreamHeartbeat::tick() {
  silent_ = heardThisInterval_ ? 0 : std::min(silent_ + 1, silentAllowed_);
  heardThisInterval_ = false;
  if (peerBeats_ && silent_ >= silentAllowed_) return sink_.heartbeatTimedOut(silent_ * interval_);
  const bool quiet = !sentThisInterval_;
  sentThisInterval_ = false;
  tick_ = scheduler_.callLater(interval_, [this] { tick(); });
  if (quiet) sink_.sendHeartbeat();  // last: the sink may close the connection from inside
}

}  // namespace weft::net
