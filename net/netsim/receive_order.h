// ReceiveOrder: the receiving half of ENet's delivery rules for one connection — reliable
// messages released once and in order per channel, unreliable ones dropped when older than the
// newest delivered on their channel, unsequenced ones never twice. Sans-I/O, used by SimLink.
// Tests: tests/net/netsim/receive_order_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace weft::net::detail {

class ReceiveOrder {
 public:
  using Payload = std::shared_ptr<const std::string>;
  // How many unsequenced numbers are remembered; an older one is dropped as a possible
  // duplicate (ENet keeps a 1024-packet window for the same reason).
  static constexpr std::size_t kUnsequencedWindow = 4096;

  explicit ReceiveOrder(std::uint8_t channels)
      : reliable_(channels), lastUnreliable_(channels, 0) {}

  // Reliable message `sequence` (from 1) on `channel`: appends to `ready` every message now
  // deliverable in order (none if it is a duplicate or early). Returns false for a duplicate.
  bool reliable(std::uint8_t channel, std::uint64_t sequence, Payload payload,
                std::vector<Payload>& ready);
  // Unreliable (sequenced) message: true if it is newer than every one delivered before.
  bool unreliable(std::uint8_t channel, std::uint64_t sequence);
  // Unsequenced message `number`: true the first time it is seen.
  bool unsequenced(std::uint64_t number);

  // Reliable messages held back waiting for an earlier one, over all channels, and their bytes.
  std::size_t heldBack() const;
  std::size_t heldBackBytes() const;

 private:
  struct ReliableChannel {
    std::uint64_t expected = 1;
    std::map<std::uint64_t, Payload> early;
  };
  std::vector<ReliableChannel> reliable_;
  std::vector<std::uint64_t> lastUnreliable_;
  std::set<std::uint64_t> seenUnsequenced_;
  std::uint64_t forgottenBelow_ = 0;  // numbers at or below this are no longer remembered
};

}  // namespace weft::net::detail
