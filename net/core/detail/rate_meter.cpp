#include "net/core/detail/rate_meter.h"

namespace weft::net::detail {

void RateMeter::update(TimePoint now, const TrafficTotals& totals, NetStats& stats) {
  const auto at = [&](std::size_t i) -> Sample& { return samples_[(head_ + i) % kSamples]; };
  // The newest sample always moves to `now`; it settles (and a new newest starts) once it is
  // window/8 past the one before, so the kept samples stay spread over the window.
  if (count_ >= 2 && at(count_ - 1).at - at(count_ - 2).at < window_ / 8) {
    at(count_ - 1) = {now, totals};
  } else if (count_ < kSamples) {
    at(count_++) = {now, totals};
  } else {
    head_ = (head_ + 1) % kSamples;
    at(count_ - 1) = {now, totals};
  }
  // Drop samples older than the window, keeping one to measure from.
  while (count_ > 2 && now - at(1).at >= window_) {
    head_ = (head_ + 1) % kSamples;
    --count_;
  }
  stats.totals = totals;
  if (count_ < 2) return;  // one sample: no rate yet
  const Sample& oldest = at(0);
  const double seconds = toSeconds(now - oldest.at);
  if (seconds <= 0) return;
  stats.bytesSentPerSecond =
      static_cast<double>(totals.bytesSent - oldest.totals.bytesSent) / seconds;
  stats.bytesReceivedPerSecond =
      static_cast<double>(totals.bytesReceived - oldest.totals.bytesReceived) / seconds;
  stats.packetsSentPerSecond =
      static_cast<double>(totals.packetsSent - oldest.totals.packetsSent) / seconds;
  stats.packetsReceivedPerSecond =
      static_cast<double>(totals.packetsReceived - oldest.totals.packetsReceived) / seconds;
}

}  // namespace weft::net::detail
