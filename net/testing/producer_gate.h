// ProducerGate: the water-mark rule by which a test transport pauses and resumes its producer.
// Tests: tests/net/testing/string_transport_test.cpp, tests/net/testing/connected_pair_test.cpp
#pragma once

#include <cstddef>

#include "net/core/assert.h"
#include "net/core/transport.h"

namespace weft::testing::detail {

// Pauses the producer when the transport's buffered bytes rise above `high`, resumes it when
// they fall to `low` or below (the gap keeps it from flapping), and stops it once when the
// connection starts closing. A producer's callbacks may write, register or unregister; the
// gate re-reads its state after each one.
class ProducerGate {
 public:
  ProducerGate(std::size_t high, std::size_t low) : high_(high), low_(low) {
    WEFT_ASSERT(low <= high, "water marks: the low mark must not be above the high mark");
  }

  void registerProducer(net::Producer& producer, std::size_t buffered, bool closing) {
    WEFT_ASSERT(producer_ == nullptr,
                "registerProducer: a producer is already registered; call unregisterProducer "
                "first (a transport has one producer at a time)");
    producer_ = &producer;
    paused_ = false;
    stopped_ = false;
    if (closing) {
      stop();
    } else {
      update(buffered);
    }
  }

  void unregisterProducer() { producer_ = nullptr; }

  // Call whenever the buffered byte count changes.
  void update(std::size_t buffered) {
    if (producer_ == nullptr || stopped_) return;
    if (!paused_ && buffered > high_) {
      paused_ = true;
      producer_->pauseProducing();
    } else if (paused_ && buffered <= low_) {
      paused_ = false;
      producer_->resumeProducing();
    }
  }

  // The connection is closing: no resume will follow.
  void stop() {
    if (producer_ == nullptr || stopped_) return;
    stopped_ = true;
    producer_->stopProducing();
  }

  bool paused() const { return producer_ != nullptr && paused_; }

 private:
  net::Producer* producer_ = nullptr;
  std::size_t high_;
  std::size_t low_;
  bool paused_ = false;
  bool stopped_ = false;
};

}  // namespace weft::testing::detail
