// ProducerGate: the water-mark rule by which every transport pauses and resumes its producer —
// TCP and Unix connections, ENet peers, simulated links and the test transports share it.
// Internal. Tests: tests/net/testing/string_transport_test.cpp,
// tests/net/core/stream_connection_test.cpp, tests/net/enet/enet_connect_test.cpp
#pragma once

#include <cstddef>

#include "net/core/assert.h"
#include "net/core/transport.h"

namespace weft::net::detail {

// Pauses the producer when the transport's buffered bytes rise above the high mark, resumes it
// when they fall to the low mark or below (the gap keeps it from flapping), and stops it once
// when the connection starts closing. The marks are passed in rather than kept, so a connection
// pays only a pointer and two flags. A producer's callbacks may write, register or unregister;
// the gate re-reads its state after each one.
class ProducerGate {
 public:
  // A producer registered on a transport that is already closing is stopped at once.
  void registerProducer(Producer& producer, bool closing) {
    WEFT_ASSERT(producer_ == nullptr,
                "registerProducer: a producer is already registered; call unregisterProducer "
                "first (a transport has one producer at a time)");
    producer_ = &producer;
    paused_ = false;
    stopped_ = false;
    if (closing) stop();
  }
  void unregisterProducer() { producer_ = nullptr; }

  // Call whenever the buffered byte count changes. A transport that must not resume a producer
  // from inside that producer's own write (a TCP connection) calls the halves separately.
  void update(std::size_t buffered, std::size_t high, std::size_t low) {
    pauseAbove(buffered, high);
    resumeAtOrBelow(buffered, low);
  }
  void pauseAbove(std::size_t buffered, std::size_t high) {
    if (producer_ == nullptr || stopped_ || paused_ || buffered <= high) return;
    paused_ = true;
    producer_->pauseProducing();
  }
  void resumeAtOrBelow(std::size_t buffered, std::size_t low) {
    if (producer_ == nullptr || stopped_ || !paused_ || buffered > low) return;
    paused_ = false;
    producer_->resumeProducing();
  }

  // The connection is closing: no resume will follow.
  void stop() {
    if (producer_ == nullptr || stopped_) return;
    stopped_ = true;
    producer_->stopProducing();
  }

  bool paused() const { return producer_ != nullptr && paused_ && !stopped_; }

 private:
  Producer* producer_ = nullptr;
  bool paused_ = false;
  bool stopped_ = false;
};

}  // namespace weft::net::detail
