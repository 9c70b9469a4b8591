#include "net/netsim/receive_order.h"

namespace weft::net::detail {

bool ReceiveOrder::reliable(std::uint8_t channel, std::uint64_t sequence, Payload payload,
                            std::vector<Payload>& ready) {
  ReliableChannel& c = reliable_.at(channel);
  if (sequence < c.expected) return false;
  if (!c.early.emplace(sequence, std::move(payload)).second) return false;
  for (auto it = c.early.begin(); it != c.early.end() && it->first == c.expected;
       it = c.early.erase(it)) {
    ready.push_back(std::move(it->second));
    ++c.expected;
  }
  return true;
}

bool ReceiveOrder::unreliable(std::uint8_t channel, std::uint64_t sequence) {
  std::uint64_t& last = lastUnreliable_.at(channel);
  if (sequence <= last) return false;
  last = sequence;
  return true;
}

bool ReceiveOrder::unsequenced(std::uint64_t number) {
  if (number <= forgottenBelow_) return false;
  if (!seenUnsequenced_.insert(number).second) return false;
  while (seenUnsequenced_.size() > kUnsequencedWindow) {
    forgottenBelow_ = *seenUnsequenced_.begin();
    seenUnsequenced_.erase(seenUnsequenced_.begin());
  }
  return true;
}

std::size_t ReceiveOrder::heldBack() const {
  std::size_t held = 0;
  for (const auto& c : reliable_) held += c.early.size();
  return held;
}

std::size_t ReceiveOrder::heldBackBytes() const {
  std::size_t bytes = 0;
  for (const auto& c : reliable_) {
    for (const auto& [sequence, payload] : c.early) bytes += payload ? payload->size() : 0;
  }
  return bytes;
}

}  // namespace weft::net::detail
