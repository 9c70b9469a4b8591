// MessageReceiver: what a message transport hands whole messages to — implemented by the
// protocol on top (MessageProtocol), found once per connection, so ENet peers and simulated
// links deliver channels and messages, and refuse those over the receiver's limit, without
// knowing any protocol class.
// Tests: tests/net/netsim/sim_link_test.cpp, tests/net/messages/ (the contract suite)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace weft::net {

// The longest message a receiver accepts unless it says otherwise (MessageProtocolConfig,
// ServerFactory::maxMessageBytes): 256 KiB, the largest block yojimbo's channels carry by
// default. Room for a map, a save or a level's state in one reliable message, and 128 times
// less than the 32 MB ENet would reassemble for each of a server's peers. A protocol that knows
// its largest message declares that instead (chat's is ~66 KB).
inline constexpr std::size_t kDefaultMaxMessageBytes = 256 * 1024;

// A transport that carries messages (MessageTransport) delivers to the protocol it serves
// through this interface when the protocol implements it, and as plain bytes through
// Protocol::dataReceived when it does not.
class MessageReceiver {
 public:
  // One whole message on `channel`. The view is valid until the call returns.
  virtual void messageReceived(std::uint8_t channel, std::string_view message) = 0;

  // The longest message this receiver accepts. A transport never delivers a longer one: it
  // closes the connection with ReasonCode::MessageTooLarge (the peer is told the code), and
  // refuses it before buffering it where it can (ENet, framed streams).
  virtual std::size_t maxMessageBytes() const { return kDefaultMaxMessageBytes; }

 protected:
  ~MessageReceiver() = default;
};

}  // namespace weft::net
