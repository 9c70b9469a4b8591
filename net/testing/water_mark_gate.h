// WaterMarkGate: the library's water-mark rule (net/core/detail/producer_gate.h) with a test
// transport's own marks kept beside it, for StringTransport and ConnectedPair.
// Tests: tests/net/testing/string_transport_test.cpp, tests/net/testing/connected_pair_test.cpp
#pragma once

#include <cstddef>

#include "net/core/assert.h"
#include "net/core/detail/producer_gate.h"

namespace weft::testing::detail {

class WaterMarkGate {
 public:
  WaterMarkGate(std::size_t high, std::size_t low) : high_(high), low_(low) {
    WEFT_ASSERT(low <= high, "water marks: the low mark must not be above the high mark");
  }

  void registerProducer(net::Producer& producer, std::size_t buffered, bool closing) {
    gate_.registerProducer(producer, closing);
    update(buffered);
  }
  void unregisterProducer() { gate_.unregisterProducer(); }
  void update(std::size_t buffered) { gate_.update(buffered, high_, low_); }
  void stop() { gate_.stop(); }
  bool paused() const { return gate_.paused(); }

 private:
  net::detail::ProducerGate gate_;
  std::size_t high_;
  std::size_t low_;
};

}  // namespace weft::testing::detail
