// SimWire: one direction of a SimLink — the packets in flight on it, each delivered to the far
// end at the time the ImpairmentModel chose, by one scheduler call for the earliest.
// Tests: tests/net/netsim/sim_link_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "net/core/message_transport.h"
#include "net/core/scheduler.h"
#include "net/netsim/impairment_model.h"

namespace weft::net::detail {

// What travels on a simulated link. Payloads are shared, so a retransmission or a duplicate
// copies no message bytes.
struct SimPacket {
  enum class Kind : std::uint8_t { Message, Ack, Ping, Disconnect };
  // Roughly ENet's per-command overhead (protocol header + command header), so bandwidth caps
  // and windows count something like what a real link carries.
  static constexpr std::size_t kHeaderBytes = 12;

  Kind kind = Kind::Message;
  Delivery delivery = Delivery::Reliable;
  std::uint8_t channel = 0;
  std::uint64_t id = 0;        // reliable packets: what the ack names; unsequenced: its number
  std::uint64_t sequence = 0;  // per channel and delivery mode, from 1
  std::uint32_t wireCode = 0;  // Disconnect: toWireCode(code)
  std::shared_ptr<const std::string> payload;

  std::size_t wireBytes() const { return kHeaderBytes + (payload ? payload->size() : 0); }
};

class SimWireReceiver {
 public:
  virtual void packetArrived(const SimPacket& packet) = 0;

 protected:
  ~SimWireReceiver() = default;
};

class SimWire {
 public:
  SimWire(Scheduler& scheduler, const LinkConditions& conditions, std::uint64_t seed)
      : scheduler_(scheduler), model_(conditions, seed) {}

  void connectTo(SimWireReceiver& receiver) { receiver_ = &receiver; }

  // Puts `packet` on the wire now; returns what the model decided for it.
  PacketFate send(const SimPacket& packet);

  ImpairmentModel& model() { return model_; }
  const ImpairmentModel& model() const { return model_; }

 private:
  struct Arrival {
    TimePoint at;
    std::uint64_t order;  // FIFO among equal times
    SimPacket packet;
    bool operator>(const Arrival& other) const {
      return at != other.at ? at > other.at : order > other.order;
    }
  };

  void arm();
  void deliverDue();

  Scheduler& scheduler_;
  ImpairmentModel model_;
  SimWireReceiver* receiver_ = nullptr;
  std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals_;
  std::uint64_t nextOrder_ = 0;
  ScopedCall timer_;
  TimePoint armedFor_{};
};

}  // namespace weft::net::detail
