#include "net/netsim/impairment_model.h"

#include <algorithm>

#include "net/core/assert.h"

namespace weft::net {

ImpairmentModel::ImpairmentModel(const LinkConditions& conditions, std::uint64_t seed)
    : seed_(seed), random_(seed) {
  setConditions(conditions);
}

void ImpairmentModel::setConditions(const LinkConditions& conditions) {
  WEFT_ASSERT(conditions.validate().ok(),
              "ImpairmentModel: invalid LinkConditions; check them with validate() first");
  conditions_ = conditions;
}

Duration ImpairmentModel::travelTime() {
  Duration delay = conditions_.latency;
  if (conditions_.jitter > Duration::zero()) {
    const double spread = random_.unit() * 2.0 - 1.0;  // [-1, 1)
    delay += std::chrono::duration_cast<Duration>(conditions_.jitter * spread);
  }
  return std::max(delay, Duration::zero());
}

void ImpairmentModel::leaveQueue(TimePoint now) {
  while (!queue_.empty() && queue_.front().departure <= now) {
    queuedBytes_ -= queue_.front().bytes;
    queue_.pop_front();
  }
}

std::size_t ImpairmentModel::queuedBytes(TimePoint now) {
  leaveQueue(now);
  return queuedBytes_;
}

PacketFate ImpairmentModel::decide(TimePoint now, std::size_t bytes) {
  ++counters_.packets;
  PacketFate fate;
  TimePoint departure = now;
  if (conditions_.bandwidthBytesPerSecond > 0) {
    leaveQueue(now);
    if (conditions_.queueLimitBytes > 0 && queuedBytes_ + bytes > conditions_.queueLimitBytes) {
      ++counters_.queueDrops;
      fate.outcome = PacketFate::Outcome::QueueFull;
      return fate;
    }
    const auto onWire = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(
        static_cast<double>(bytes) / static_cast<double>(conditions_.bandwidthBytesPerSecond)));
    departure = std::max(now, wireFreeAt_) + onWire;
    wireFreeAt_ = departure;
    queue_.push_back({departure, bytes});
    queuedBytes_ += bytes;
  }
  fate.departure = departure;
  if (random_.chance(conditions_.lossPercent)) {
    ++counters_.lost;
    fate.outcome = PacketFate::Outcome::Lost;
    return fate;
  }
  fate.copies = 1;
  fate.arrivals[0] = departure + travelTime();
  if (random_.chance(conditions_.reorderPercent)) {
    fate.arrivals[0] += conditions_.reorderDelay;
    fate.reordered = true;
    ++counters_.reordered;
  }
  if (random_.chance(conditions_.duplicatePercent)) {
    fate.copies = 2;
    fate.arrivals[1] = departure + travelTime();
    ++counters_.duplicated;
  }
  return fate;
}

}  // namespace weft::net
