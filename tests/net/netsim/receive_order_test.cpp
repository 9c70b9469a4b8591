// ReceiveOrder: ENet's receiving rules, one message at a time.

#include "net/netsim/receive_order.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using weft::net::detail::ReceiveOrder;

namespace {
ReceiveOrder::Payload text(const std::string& s) {
  return std::make_shared<const std::string>(s);
}
std::vector<std::string> strings(const std::vector<ReceiveOrder::Payload>& payloads) {
  std::vector<std::string> out;
  for (const auto& p : payloads) out.push_back(*p);
  return out;
}
}  // namespace

TEST_CASE("reliable messages are released in order, once, whatever order they arrive in") {
  ReceiveOrder order(2);
  std::vector<ReceiveOrder::Payload> ready;
  CHECK(order.reliable(0, 2, text("b"), ready));
  CHECK(order.reliable(0, 3, text("c"), ready));
  CHECK(ready.empty());
  CHECK(order.heldBack() == 2);
  CHECK_FALSE(order.reliable(0, 3, text("c"), ready));  // a duplicate of one held back
  CHECK(order.reliable(0, 1, text("a"), ready));
  CHECK(strings(ready) == std::vector<std::string>{"a", "b", "c"});
  CHECK(order.heldBack() == 0);
  ready.clear();
  CHECK_FALSE(order.reliable(0, 2, text("b"), ready));  // a duplicate of one delivered
  CHECK(ready.empty());
}

TEST_CASE("each channel orders its reliable messages on its own") {
  ReceiveOrder order(2);
  std::vector<ReceiveOrder::Payload> ready;
  CHECK(order.reliable(0, 2, text("0b"), ready));
  CHECK(order.reliable(1, 1, text("1a"), ready));  // channel 1 is not held up by channel 0
  CHECK(strings(ready) == std::vector<std::string>{"1a"});
}

TEST_CASE("an unreliable message older than the newest delivered on its channel is dropped") {
  ReceiveOrder order(2);
  CHECK(order.unreliable(0, 1));
  CHECK(order.unreliable(0, 3));
  CHECK_FALSE(order.unreliable(0, 2));  // overtaken
  CHECK_FALSE(order.unreliable(0, 3));  // a duplicate
  CHECK(order.unreliable(1, 2));        // another channel
  CHECK(order.unreliable(0, 4));
}

TEST_CASE("unsequenced messages arrive in any order but never twice") {
  ReceiveOrder order(1);
  CHECK(order.unsequenced(5));
  CHECK(order.unsequenced(2));
  CHECK_FALSE(order.unsequenced(5));
  CHECK_FALSE(order.unsequenced(2));
  // Far past the remembered window, an old number cannot be told from a duplicate: dropped.
  for (std::uint64_t n = 10; n < 10 + ReceiveOrder::kUnsequencedWindow + 10; ++n) {
    CHECK(order.unsequenced(n));
  }
  CHECK_FALSE(order.unsequenced(3));
}
