// LengthPrefixedReceiver: a Protocol for frames with a 32-bit big-endian length prefix.
// Tests: tests/net/protocols/length_prefixed_receiver_test.cpp
//
// Twisted's Int32StringReceiver: each frame is its payload's length as an unsigned 32-bit
// big-endian integer, then the payload. The framing binary game and tool protocols use over TCP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/core/protocol.h"
#include "net/protocols/receive_buffer.h"

namespace weft::net {

struct LengthPrefixedReceiverConfig {
  std::size_t maxLength = 99999;  // longest payload accepted (Twisted's MAX_LENGTH)
};

class LengthPrefixedReceiver : public Protocol {
 public:
  static constexpr std::size_t kPrefixSize = 4;
  static constexpr std::size_t kMaxFrameLength = 0xffff'ffff;  // what the prefix can say

  explicit LengthPrefixedReceiver(LengthPrefixedReceiverConfig config = {}) : config_(config) {}

  // One complete payload, prefix removed. The view is valid until the call returns.
  virtual void stringReceived(std::string_view string) = 0;
  // A prefix announced `length` > maxLength(). The default closes the connection with
  // Reason::lineTooLong. An override that leaves the connection open gets that frame skipped
  // as it arrives (never buffered), and the next frame delivered.
  virtual void lengthLimitExceeded(std::uint32_t length);
  // The longest payload the next frame may announce, read at each prefix: config().maxLength,
  // unless a subclass narrows it for a while (a protocol whose first frame is short).
  virtual std::size_t maxLength() const { return config_.maxLength; }

  // Writes the prefix and `string` as one write. More than kMaxFrameLength bytes is a
  // programming error: split the message.
  void sendString(std::string_view string);

  const LengthPrefixedReceiverConfig& config() const { return config_; }
  // The bytes of an unfinished frame held until the rest arrives: at most a prefix and
  // maxLength() of payload.
  std::size_t bufferedBytes() const { return buffer_.keptBytes(); }

  // Parses `data`. Nothing is delivered once the transport is disconnecting.
  void dataReceived(std::string_view data) final;

 private:
  void parse();
  bool parseOne();
  bool deliverable() const { return connected() && !transport().disconnecting(); }

  const LengthPrefixedReceiverConfig config_;
  detail::ReceiveBuffer buffer_;
  std::size_t length_ = 0;    // of the frame whose prefix was read
  std::size_t skipping_ = 0;  // bytes still to drop of a frame over the limit
  bool readingPayload_ = false;
};

}  // namespace weft::net
