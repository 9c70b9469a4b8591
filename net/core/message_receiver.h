// MessageReceiver: what a message transport hands whole messages to — implemented by the
// protocol on top (MessageProtocol), found once per connection, so ENet peers and simulated
// links deliver channels and messages without knowing any protocol class.
// Tests: tests/net/netsim/sim_link_test.cpp, tests/net/messages/ (the contract suite)
#pragma once

#include <cstdint>
#include <string_view>

namespace weft::net {

// A transport that carries messages (MessageTransport) delivers to the protocol it serves
// through this interface when the protocol implements it, and as plain bytes through
// Protocol::dataReceived when it does not.
class MessageReceiver {
 public:
  // One whole message on `channel`. The view is valid until the call returns.
  virtual void messageReceived(std::uint8_t channel, std::string_view message) = 0;

 protected:
  ~MessageReceiver() = default;
};

}  // namespace weft::net
