// RttEstimator: smoothed round-trip time, its mean deviation and the retransmission timeout
// derived from them (RFC 6298, as ENet and TCP do it), fed with one sample per acknowledgement.
// Tests: tests/net/netsim/sim_link_test.cpp
#pragma once

#include <algorithm>

#include "net/core/clock.h"

namespace weft::net {

class RttEstimator {
 public:
  explicit RttEstimator(Duration initial) : rtt_(initial), variance_(initial / 2) {}

  // One measured round trip, of a packet sent once (a retransmitted packet's ack is ambiguous:
  // Karn's rule, the caller skips it).
  void sample(Duration measured) {
    if (!measured_) {
      rtt_ = measured;
      variance_ = measured / 2;
      measured_ = true;
      return;
    }
    const Duration deviation = measured > rtt_ ? measured - rtt_ : rtt_ - measured;
    variance_ = (variance_ * 3 + deviation) / 4;
    rtt_ = (rtt_ * 7 + measured) / 8;
  }

  bool measured() const { return measured_; }
  Duration rtt() const { return rtt_; }
  Duration variance() const { return variance_; }
  // rtt + 4 * variance, within [floor, ceiling].
  Duration timeout(Duration floor, Duration ceiling) const {
    return std::clamp(rtt_ + variance_ * 4, floor, ceiling);
  }

 private:
  Duration rtt_;
  Duration variance_;
  bool measured_ = false;
};

}  // namespace weft::net
