#include "net/netsim/sim_wire.h"

namespace weft::net::detail {

PacketFate SimWire::send(const SimPacket& packet) {
  const TimePoint now = scheduler_.clock().now();
  PacketFate fate = model_.decide(now, packet.wireBytes());
  for (int i = 0; i < fate.copies; ++i) arrivals_.push({fate.arrivals[i], nextOrder_++, packet});
  if (fate.copies > 0) arm();
  return fate;
}

void SimWire::arm() {
  if (arrivals_.empty()) {
    timer_.cancel();
    return;
  }
  const TimePoint next = arrivals_.top().at;
  if (timer_.active() && armedFor_ <= next) return;
  armedFor_ = next;
  timer_ = scheduler_.callLater(next - scheduler_.clock().now(), [this] { deliverDue(); });
}

void SimWire::deliverDue() {
  const TimePoint now = scheduler_.clock().now();
  // Only what was on the wire when this began: a packet sent during a delivery waits for the
  // next call, so a zero-latency reply never re-enters the protocol that sent it.
  const std::uint64_t limit = nextOrder_;
  while (!arrivals_.empty() && arrivals_.top().at <= now && arrivals_.top().order < limit) {
    SimPacket packet = arrivals_.top().packet;
    arrivals_.pop();
    if (receiver_ != nullptr) receiver_->packetArrived(packet);
  }
  arm();
}

}  // namespace weft::net::detail
