#include "net/protocols/length_prefixed_receiver.h"

#include <algorithm>

#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::net {

void LengthPrefixedReceiver::lengthLimitExceeded(std::uint32_t length) {
  transport().loseConnection(
      Reason::lineTooLong(strCat("a frame of ", length, " bytes is over the ", maxLength(),
                                 "-byte limit (LengthPrefixedReceiverConfig::maxLength)")));
}

void LengthPrefixedReceiver::sendString(std::string_view string) {
  WEFT_ASSERT(string.size() <= kMaxFrameLength,
              "LengthPrefixedReceiver::sendString: the string is 4 GiB or more, which a 32-bit "
              "length prefix cannot describe; split it into several frames");
  const auto length = static_cast<std::uint32_t>(string.size());
  const char prefix[kPrefixSize] = {static_cast<char>(length >> 24),
                                    static_cast<char>(length >> 16), static_cast<char>(length >> 8),
                                    static_cast<char>(length)};
  const std::string_view pieces[] = {std::string_view(prefix, kPrefixSize), string};
  transport().writeSequence(pieces);
}

void LengthPrefixedReceiver::dataReceived(std::string_view data) {
  auto pass = buffer_.receive(data);
  if (!pass) return;  // re-entered from stringReceived: the running parse() will reach `data`
  parse();
}

void LengthPrefixedReceiver::parse() {
  while (deliverable()) {
    if (!parseOne()) return;
    buffer_.absorb();
  }
  // Closing: nothing buffered will ever be delivered, so do not hold on to it.
  buffer_.consume(buffer_.unread().size());
}

// Makes progress on one frame; false when it needs more bytes. A callback, if any, is the last
// thing before returning true, so the caller can absorb what it queued.
bool LengthPrefixedReceiver::parseOne() {
  std::string_view in = buffer_.unread();
  if (skipping_ > 0) {
    const std::size_t dropped = std::min(skipping_, in.size());
    buffer_.consume(dropped);
    skipping_ -= dropped;
    return skipping_ == 0;
  }
  if (!readingPayload_) {
    if (in.size() < kPrefixSize) return false;
    const auto byte = [&](std::size_t i) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(in[i]));
    };
    const std::uint32_t length = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    buffer_.consume(kPrefixSize);
    if (length > maxLength()) {
      skipping_ = length;
      lengthLimitExceeded(length);
      return true;
    }
    length_ = length;
    readingPayload_ = true;
    in = buffer_.unread();
  }
  if (in.size() < length_) return false;
  buffer_.consume(length_);
  readingPayload_ = false;
  stringReceived(in.substr(0, length_));
  return true;
}

}  // namespace weft::net
