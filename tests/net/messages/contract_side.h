// ContractSide: what happened on one side of a message connection, kept apart from the protocol
// (which its connection destroys soon after connectionLost), and ContractProtocol, which fills
// it. Used by the MessageTransport contract suite and the ENet tests.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/factory.h"
#include "net/core/message_transport.h"
#include "net/core/reason.h"
#include "net/protocols/message_protocol.h"
#include "tests/net/messages/message_recorder.h"

namespace weft::test {

// What happened on one side of the connection. It outlives the protocol, which a reactor
// destroys soon after connectionLost.
struct ContractSide {
  std::vector<ReceivedMessage> received;
  int made = 0;
  int lostCount = 0;
  std::optional<net::Reason> lost;
  std::string greeting;  // sent reliably on channel 0 from connectionMade, when not empty
  net::MessageProtocolConfig config;  // the protocol's; a server's factory declares its limit
  net::MessageProtocol* protocol = nullptr;  // while it exists

  // The message side of the live connection.
  net::MessageTransport& messages() const {
    REQUIRE_MESSAGE(protocol != nullptr, "this side's protocol is already gone");
    return protocol->messages();
  }
  void send(std::uint8_t channel, std::string_view message,
            net::Delivery delivery = net::Delivery::Reliable) const {
    messages().send(channel, message, delivery);
  }
  std::vector<std::string> on(std::uint8_t channel) const {
    std::vector<std::string> out;
    for (const auto& m : received) {
      if (m.channel == channel) out.push_back(m.bytes);
    }
    return out;
  }
};

class ContractProtocol final : public net::MessageProtocol {
 public:
  explicit ContractProtocol(ContractSide& side) : MessageProtocol(side.config), side_(side) {
    side_.protocol = this;
  }
  ~ContractProtocol() override {
    if (side_.protocol == this) side_.protocol = nullptr;
  }
  void connectionMade() override {
    ++side_.made;
    if (!side_.greeting.empty()) send(0, side_.greeting);
  }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    side_.received.push_back({channel, std::string(message)});
  }
  void connectionLost(const net::Reason& reason) override {
    ++side_.lostCount;
    side_.lost = reason;
  }

 private:
  ContractSide& side_;
};

// A factory whose every protocol records into one side: Base is net::ServerFactory or
// net::ClientFactory.
template <typename Base>
class SideFactory final : public Base {
 public:
  explicit SideFactory(ContractSide& side) : side_(side) {}
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<ContractProtocol>(side_);
  }

 private:
  ContractSide& side_;
};

// A server's factory, which also declares the side's limit for the whole port (an ENet host
// holds it for all its peers).
class ServerSideFactory final : public net::ServerFactory {
 public:
  explicit ServerSideFactory(ContractSide& side) : side_(side) {}
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<ContractProtocol>(side_);
  }
  std::size_t maxMessageBytes() const override { return side_.config.maxMessageBytes; }

 private:
  ContractSide& side_;
};

}  // namespace weft::test
