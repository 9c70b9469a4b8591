#include "net/protocols/message_protocol.h"

#include <optional>

#include "net/core/assert.h"
#include "net/core/byte_reader.h"
#include "net/core/str_cat.h"
#include "net/protocols/length_prefixed_receiver.h"

namespace weft::net {

namespace {
// Channel 255 never carries application messages over a stream: it is the framing's own.
constexpr std::uint8_t kControlChannel = 255;
constexpr std::uint8_t kGoodbye = 1;    // [u8 kGoodbye][u32 wire code]: the sender is disconnecting
constexpr std::uint8_t kHeartbeat = 2;  // [u8 kHeartbeat]: the sender is alive, and beats
}  // namespace

// Length-prefixed frames over the stream: [u32 length][u8 channel][message]. It is itself a
// (LengthPrefixedReceiver) protocol attached to the same transport, so the framing that is
// fed at every chunk size and fuzzed is the one used here.
class MessageProtocol::StreamFraming final : public LengthPrefixedReceiver,
                                             public MessageTransport,
                                             private HeartbeatSink {
 public:
  StreamFraming(MessageProtocol& owner, Transport& stream) : owner_(owner) {
    makeConnection(stream);
    const HeartbeatConfig& heartbeat = owner.config_.heartbeat;
    if (heartbeat.interval > Duration::zero() && stream.scheduler() && !stream.disconnecting()) {
      heartbeat_.emplace(*stream.scheduler(), heartbeat, static_cast<HeartbeatSink&>(*this));
      heartbeat_->start();
    }
  }

  void bytesReceived(std::string_view data) {
    if (heartbeat_) heartbeat_->received();
    dataReceived(data);
  }
  void stringReceived(std::string_view frame) override {
    if (!frame.empty() && static_cast<std::uint8_t>(frame[0]) != kControlChannel) {
      messageSeen_ = true;
    }
    owner_.frameReceived(frame);
  }
  void heartbeatReceived() {
    if (heartbeat_) heartbeat_->peerBeats();
  }
  // A frame holds the channel byte besides the message. Until the first message, the first
  // message's limit: the framing's own control frames (goodbye, heartbeat) do not count as one.
  std::size_t maxLength() const override { return limit().bytes + 1; }
  // Refused at the prefix, before any of it is buffered; the peer is told why, like a
  // disconnect. Names the setting the application chose, not the receiver's internal one.
  void lengthLimitExceeded(std::uint32_t length) override {
    const Limit current = limit();
    if (heartbeat_) heartbeat_->stop();
    sayGoodbye(ReasonCode::MessageTooLarge);
    transport().loseConnection(Reason::messageTooLarge(
        strCat("a ", current.first ? "first " : "", "message of ", length - 1,
               " bytes is over the ", current.bytes, "-byte limit (MessageProtocolConfig::",
               current.first ? "maxFirstMessageBytes" : "maxMessageBytes", ")")));
  }

  void send(std::uint8_t channel, std::string_view message, Delivery) override {
    WEFT_ASSERT(channel != kControlChannel,
                "MessageProtocol::send: channel 255 is reserved over byte streams; use 0-254");
    const char head = static_cast<char>(channel);
    const auto length = static_cast<std::uint32_t>(message.size() + 1);
    const char prefix[4] = {static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                            static_cast<char>(length >> 8), static_cast<char>(length)};
    const std::string_view pieces[] = {{prefix, 4}, {&head, 1}, message};
    transport().writeSequence(pieces);
    if (heartbeat_) heartbeat_->sent();
  }
  void disconnect(ReasonCode code) override {
    if (transport().disconnecting()) return;
    if (heartbeat_) heartbeat_->stop();
    sayGoodbye(code);
    transport().loseConnection({code, "disconnected"});
  }
  void abort() override { transport().abortConnection(); }
  std::uint8_t channelCount() const override { return kControlChannel; }
  NetStats stats() const override {
    NetStats stats = transport().stats();
    stats.incomingBytes += bufferedBytes();
    return stats;
  }
  Scheduler* scheduler() const override { return transport().scheduler(); }

 private:
  // HeartbeatSink. The owner hears connectionLost, this framing does not: its timers check
  // that the connection they watch is still the owner's, and open.
  bool watching() {
    const bool open =
        owner_.connected() && &owner_.transport() == &transport() && !transport().disconnecting();
    if (!open) heartbeat_->stop();
    return open;
  }
  void sendHeartbeat() override {
    if (!watching()) return;
    static constexpr char kFrame[] = {0, 0, 0, 2, static_cast<char>(kControlChannel), kHeartbeat};
    transport().write({kFrame, sizeof kFrame});
  }
  void heartbeatTimedOut(Duration silentFor) override {
    if (!watching()) return;
    // Aborted, not flushed: a peer that is gone would never take what is still queued.
    transport().abortConnection(Reason::timedOut(
        strCat("nothing heard from the other side for ", silentFor, " (it stopped beating)")));
  }

  struct Limit {
    std::size_t bytes;
    bool first;  // the first message's own limit applies
  };
  Limit limit() const {
    const auto& first = owner_.config_.maxFirstMessageBytes;
    if (!messageSeen_ && first) return {*first, true};
    return {owner_.maxMessageBytes(), false};
  }
  void sayGoodbye(ReasonCode code) {
    ByteWriter goodbye;
    goodbye.u32(6).u8(kControlChannel).u8(kGoodbye).u32(toWireCode(code));
    transport().write(goodbye.data());
  }

  MessageProtocol& owner_;
  std::optional<StreamHeartbeat> heartbeat_;  // with a scheduler and a heartbeat interval
  bool messageSeen_ = false;                  // a frame on an application channel arrived
};

MessageProtocol::MessageProtocol(MessageProtocolConfig config) : config_(config) {
  const HeartbeatConfig& beat = config_.heartbeat;
  WEFT_ASSERT(beat.interval == Duration::zero() ||
                  (beat.interval > Duration::zero() && beat.timeout > 2 * beat.interval),
              "MessageProtocolConfig::heartbeat: interval zero (none), or positive with a timeout "
              "more than twice it");
  WEFT_ASSERT(config_.maxMessageBytes < LengthPrefixedReceiver::kMaxFrameLength,
              "MessageProtocolConfig::maxMessageBytes must be below 2^32 - 1: a frame's 32-bit "
              "length counts the message and its channel byte");
  WEFT_ASSERT(config_.maxFirstMessageBytes.value_or(0) <= config_.maxMessageBytes,
              "MessageProtocolConfig::maxFirstMessageBytes must not exceed maxMessageBytes");
}
MessageProtocol::~MessageProtocol() = default;

MessageTransport& MessageProtocol::messages() {
  Transport& current = transport();  // asserts when not connected
  if (messagesFor_ != &current) {
    if (auto* native = dynamic_cast<MessageTransport*>(&current)) {
      messages_ = native;
    } else {
      framing_ = std::make_unique<StreamFraming>(*this, current);
      messages_ = framing_.get();
    }
    messagesFor_ = &current;
  }
  return *messages_;
}

void MessageProtocol::dataReceived(std::string_view data) {
  messages();  // makes the framing on the first bytes
  if (framing_) framing_->bytesReceived(data);
}

void MessageProtocol::frameReceived(std::string_view frame) {
  ByteReader reader(frame);
  const std::uint8_t channel = reader.u8();
  if (!reader.ok()) {
    return transport().loseConnection(Reason::protocolError("an empty message frame"));
  }
  if (channel != kControlChannel) return messageReceived(channel, reader.rest());
  const std::uint8_t kind = reader.u8();
  if (kind == kHeartbeat && reader.atEnd()) return framing_->heartbeatReceived();
  const std::uint32_t code = reader.u32();
  if (kind != kGoodbye || !reader.atEnd()) {
    return transport().loseConnection(Reason::protocolError("an unknown control frame"));
  }
  transport().loseConnection({fromWireCode(code), "the other side disconnected"});
}

}  // namespace weft::net
