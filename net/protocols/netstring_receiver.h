// NetstringReceiver: a Protocol that sends and receives netstrings ("5:hello,"), as Twisted's.
// Tests: tests/net/protocols/netstring_receiver_test.cpp
//
// The format is D. J. Bernstein's (cr.yp.to/proto/netstrings.txt): the length in decimal
// ASCII, ':', that many bytes, ','. As in Twisted, a length with a leading zero ("05:") is
// malformed. Every error is decided at the first byte that proves it, so the same stream gives
// the same verdict however it is split.
#pragma once

#include <cstddef>
#include <string_view>

#include "net/core/protocol.h"
#include "net/protocols/receive_buffer.h"

namespace weft::net {

struct NetstringReceiverConfig {
  std::size_t maxLength = 99999;  // longest payload accepted (Twisted's MAX_LENGTH)
};

class NetstringReceiver : public Protocol {
 public:
  explicit NetstringReceiver(NetstringReceiverConfig config = {}) : config_(config) {}

  // One complete payload, framing removed. The view is valid until the call returns.
  virtual void stringReceived(std::string_view string) = 0;

  // Writes `string` as one netstring, in one write.
  void sendString(std::string_view string);

  const NetstringReceiverConfig& config() const { return config_; }

  // Parses `data`. Malformed input closes the connection with Reason::protocolError saying what
  // was wrong; a payload over maxLength closes it with Reason::lineTooLong as soon as its
  // length field says so. Nothing is delivered once the transport is disconnecting.
  void dataReceived(std::string_view data) final;

 private:
  void parse();
  bool parseLength();
  void fail(Reason reason);
  bool deliverable() const { return connected() && !transport().disconnecting(); }

  const NetstringReceiverConfig config_;
  detail::ReceiveBuffer buffer_;
  std::size_t length_ = 0;  // of the payload whose length field is being read or was read
  std::size_t digits_ = 0;  // of that length field read so far
  bool readingPayload_ = false;
  bool broken_ = false;  // the stream was malformed; the rest of it is meaningless
};

}  // namespace weft::net
