// MessageRecorder: a MessageProtocol that records every message, its channel and the close, for
// the netsim tests and the MessageTransport contract suite.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/protocols/message_protocol.h"

namespace weft::test {

struct ReceivedMessage {
  std::uint8_t channel;
  std::string bytes;
  friend bool operator==(const ReceivedMessage&, const ReceivedMessage&) = default;
};

class MessageRecorder : public net::MessageProtocol {
 public:
  using MessageProtocol::MessageProtocol;

  std::vector<ReceivedMessage> received;
  int made = 0;
  int lostCount = 0;
  std::optional<net::Reason> lost;
  std::function<void(MessageRecorder&)> onMade;
  std::function<void(MessageRecorder&, std::uint8_t, std::string_view)> onMessage;

  void connectionMade() override {
    ++made;
    if (onMade) onMade(*this);
  }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    received.push_back({channel, std::string(message)});
    if (onMessage) onMessage(*this, channel, message);
  }
  void connectionLost(const net::Reason& reason) override {
    ++lostCount;
    lost = reason;
  }

  // The messages received on `channel`, in arrival order.
  std::vector<std::string> on(std::uint8_t channel) const {
    std::vector<std::string> out;
    for (const auto& m : received) {
      if (m.channel == channel) out.push_back(m.bytes);
    }
    return out;
  }
};

}  // namespace weft::test
