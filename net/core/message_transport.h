// MessageTransport: whole messages on numbered channels with a delivery guarantee per message —
// ENet's model, and what game traffic wants — implemented by ENet peers, simulated links, and
// length-prefixed frames over TCP. Tests: tests/net/messages/ (one contract suite for all three)
#pragma once

#include <cstdint>
#include <string_view>

#include "net/core/address.h"
#include "net/core/net_stats.h"
#include "net/core/reason.h"

namespace weft::net {

class Scheduler;

enum class Delivery : std::uint8_t {
  Reliable,     // arrives once, in order with the channel's other reliable messages
  Unreliable,   // may be lost; never arrives after a newer one on its channel (sequenced)
  Unsequenced,  // may be lost or arrive in any order; never twice
};

// Over a byte stream every message is delivered reliably and in order, whatever was asked:
// TCP offers nothing weaker. Channel numbers run from 0 to channelCount() - 1.
class MessageTransport {
 public:
  virtual ~MessageTransport() = default;

  // Queues `message`; like Transport::write it never blocks and is ignored once disconnecting.
  virtual void send(std::uint8_t channel, std::string_view message,
                    Delivery delivery = Delivery::Reliable) = 0;
  // Gracefully: messages already queued reliably are delivered first, then both sides'
  // protocols hear connectionLost with `code` (the peer reads it as the reason it was dropped:
  // kicked, server full, version mismatch...).
  virtual void disconnect(ReasonCode code = ReasonCode::Done) = 0;
  // At once, without telling the peer more than the network would.
  virtual void abort() = 0;

  virtual std::uint8_t channelCount() const = 0;
  virtual NetStats stats() const = 0;
  // As Transport::scheduler(): the timers of whatever runs the connection; null for none.
  virtual Scheduler* scheduler() const { return nullptr; }
};

// How a disconnect code crosses the wire (ENet's 32-bit disconnect data, the framed TCP
// goodbye): 0 is reserved for "no code", which ENet also reports for a peer that timed out.
constexpr std::uint32_t toWireCode(ReasonCode code) {
  return static_cast<std::uint32_t>(code) + 1;
}
constexpr ReasonCode fromWireCode(std::uint32_t wire) {
  return wire == 0 ? ReasonCode::TimedOut : static_cast<ReasonCode>(wire - 1);
}

}  // namespace weft::net
