#include "engine/overlays/net_graph_history.h"

#include <algorithm>

#include "net/core/assert.h"

namespace weft::engine {

namespace {

float milliseconds(net::Duration d) {
  return static_cast<float>(std::chrono::duration<double, std::milli>(d).count());
}

void set(GraphSample& sample, GraphSeries series, float value) {
  sample.values[static_cast<std::size_t>(series)] = value;
}

}  // namespace

NetGraphHistory::NetGraphHistory(NetGraphHistoryConfig config) : config_(config) {
  WEFT_ASSERT(config_.window > net::Duration::zero(), "NetGraphHistoryConfig::window must be > 0");
  WEFT_ASSERT(config_.capacity > 0, "NetGraphHistoryConfig::capacity must be > 0");
  ring_.resize(config_.capacity);
}

void NetGraphHistory::clear() {
  head_ = 0;
  count_ = 0;
}

const GraphSample& NetGraphHistory::at(std::size_t i) const {
  WEFT_ASSERT(i < count_, "NetGraphHistory::at: index past size()");
  return ring_[(head_ + i) % ring_.size()];
}

void NetGraphHistory::add(net::TimePoint now, const std::optional<net::NetStats>& net,
                          const FrameStats& frame) {
  bool breakBefore = true;
  if (count_ > 0) {
    const net::Duration step = now - newest().at;
    if (step < net::Duration::zero()) {
      clear();
    } else {
      breakBefore = step > config_.maxStep;
    }
  }
  // Expire by time first, then make room by count.
  while (count_ > 0 && now - at(0).at > config_.window) {
    head_ = (head_ + 1) % ring_.size();
    --count_;
  }
  if (count_ == ring_.size()) {
    head_ = (head_ + 1) % ring_.size();
    --count_;
    ++overflowed_;
  }
  GraphSample& sample = ring_[(head_ + count_) % ring_.size()];
  ++count_;
  sample = GraphSample{};
  sample.at = now;
  sample.breakBefore = breakBefore;
  sample.connected = net.has_value();
  if (net) {
    set(sample, GraphSeries::Rtt, milliseconds(net->rtt));
    set(sample, GraphSeries::Jitter, milliseconds(net->rttVariance));
    set(sample, GraphSeries::Loss, static_cast<float>(std::clamp(net->lossPercent, 0.0, 100.0)));
    set(sample, GraphSeries::KBytesIn, static_cast<float>(net->bytesReceivedPerSecond / 1000.0));
    set(sample, GraphSeries::KBytesOut, static_cast<float>(net->bytesSentPerSecond / 1000.0));
  }
  set(sample, GraphSeries::Pump, milliseconds(frame.pumpTime));
  set(sample, GraphSeries::Frame, milliseconds(frame.frameTime));
}

SeriesSummary NetGraphHistory::summary(GraphSeries series) const {
  SeriesSummary out;
  const bool network = isNetworkSeries(series);
  double sum = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    const GraphSample& sample = at(i);
    if (network && !sample.connected) continue;
    const float v = sample.value(series);
    if (out.samples == 0) {
      out.min = out.max = v;
    } else {
      out.min = std::min(out.min, v);
      out.max = std::max(out.max, v);
    }
    sum += v;
    ++out.samples;
  }
  if (out.samples > 0) out.avg = static_cast<float>(sum / static_cast<double>(out.samples));
  if (count_ > 0 && (!network || newest().connected)) out.current = newest().value(series);
  return out;
}

}  // namespace weft::engine
