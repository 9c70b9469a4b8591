// MessageProtocol: a Protocol that speaks whole messages on numbered channels. Over ENet or a
// simulated link it uses their channels and delivery modes; over a byte stream (TCP, Unix
// sockets) it frames each message, so one game protocol runs on every transport.
// Tests: tests/net/protocols/message_protocol_test.cpp, tests/net/messages/ (contract suite)
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "net/core/message_receiver.h"
#include "net/core/message_transport.h"
#include "net/core/protocol.h"
#include "net/protocols/stream_heartbeat.h"

namespace weft::net {

struct MessageProtocolConfig {
  // The longest message accepted, on every transport: a longer one closes only this connection,
  // with MessageTooLarge (the peer is told the code), before any of it is buffered. An ENet
  // port applies its factory's limit to all its peers (ServerFactory::maxMessageBytes): give
  // the factory the same value. Below 2^32 - 1 (what a frame's length can say).
  std::size_t maxMessageBytes = kDefaultMaxMessageBytes;
  // Over a byte stream, the longest first message (most protocols' hello), so a connection that
  // has said nothing yet cannot make the server hold a large partial frame; none: the same as
  // maxMessageBytes. At most maxMessageBytes. ENet and simulated links apply maxMessageBytes.
  std::optional<std::size_t> maxFirstMessageBytes = std::nullopt;
  // Over a byte stream whose transport has a scheduler (every reactor connection does): a
  // heartbeat when this side is quiet, and TimedOut when a peer that beats falls silent
  // (WIRE.md). Message transports keep their own liveness.
  HeartbeatConfig heartbeat = {};
};

class MessageProtocol : public Protocol, public MessageReceiver {
 public:
  explicit MessageProtocol(MessageProtocolConfig config = {});
  ~MessageProtocol() override;

  // One whole message. The view is valid until the call returns.
  void messageReceived(std::uint8_t channel, std::string_view message) override = 0;
  // config().maxMessageBytes; a protocol may narrow it while it waits for something small.
  std::size_t maxMessageBytes() const override { return config_.maxMessageBytes; }
  const MessageProtocolConfig& config() const { return config_; }

  // The message side of this connection: the transport itself when it carries messages, or a
  // framing over it when it is a byte stream. Valid while connected, like transport().
  MessageTransport& messages();
  void send(std::uint8_t channel, std::string_view message,
            Delivery delivery = Delivery::Reliable) {
    messages().send(channel, message, delivery);
  }

  // Byte streams only: decodes frames (see WIRE.md, "Messages over a byte stream").
  void dataReceived(std::string_view data) final;

 private:
  class StreamFraming;
  friend class StreamFraming;
  void frameReceived(std::string_view frame);

  MessageProtocolConfig config_;
  MessageTransport* messages_ = nullptr;  // for messagesFor_
  const Transport* messagesFor_ = nullptr;
  std::unique_ptr<StreamFraming> framing_;  // made on first use over a byte stream
};

}  // namespace weft::net
