#include "net/testing/string_transport.h"

#include <algorithm>
#include <utility>

#include "net/core/assert.h"

namespace weft::testing {

namespace {
// Sets a flag for the duration of a protocol callback, also when the callback throws.
class FlagScope {
 public:
  explicit FlagScope(bool& flag) : flag_(flag) { flag_ = true; }
  ~FlagScope() { flag_ = false; }
  FlagScope(const FlagScope&) = delete;
  FlagScope& operator=(const FlagScope&) = delete;

 private:
  bool& flag_;
};
}  // namespace

StringTransport::StringTransport(StringTransportConfig config)
    : config_(std::move(config)), gate_(config_.highWaterMark, config_.lowWaterMark) {}

void StringTransport::connect(net::Protocol& protocol) {
  WEFT_ASSERT(protocol_ == nullptr && !finished_,
              "StringTransport::connect: this transport already carried a connection; use a new "
              "StringTransport for each connection");
  protocol_ = &protocol;
  {
    FlagScope delivering(delivering_);
    protocol.makeConnection(*this);
  }
  deliverUnread();
}

void StringTransport::receive(std::string_view data) {
  WEFT_ASSERT(protocol_ != nullptr,
              "StringTransport::receive: no connection; call connect(protocol) first, and do "
              "not receive after finish()");
  if (readingPaused_ || delivering_ || !unread_.empty()) {
    unread_.append(data);
  } else {
    FlagScope delivering(delivering_);
    protocol_->dataReceived(data);  // the common case: no copy
  }
  deliverUnread();
}

// Hands over what was queued while reading was paused (or while a callback was running),
// until the queue is empty or the protocol pauses again.
void StringTransport::deliverUnread() {
  while (!unread_.empty() && !readingPaused_ && !delivering_ && protocol_ != nullptr) {
    const std::string bytes = std::exchange(unread_, std::string());
    FlagScope delivering(delivering_);
    protocol_->dataReceived(bytes);
  }
}

void StringTransport::finish() {
  finish(closeReason_.value_or(net::Reason::done()));
}

void StringTransport::finish(net::Reason reason) {
  WEFT_ASSERT(protocol_ != nullptr,
              "StringTransport::finish: no connection to end (finish() twice, or before "
              "connect())");
  WEFT_ASSERT(!delivering_,
              "StringTransport::finish called from inside a protocol callback; the protocol "
              "closes with loseConnection(), and the test then calls finish()");
  finished_ = true;
  unread_.clear();
  gate_.stop();
  net::Protocol* protocol = std::exchange(protocol_, nullptr);
  FlagScope delivering(delivering_);
  protocol->notifyConnectionLost(reason);
}

std::string StringTransport::takeWritten() {
  return std::exchange(written_, std::string());
}

void StringTransport::drain(std::size_t bytes) {
  buffered_ -= std::min(bytes, buffered_);
  gate_.update(buffered_);
}

void StringTransport::write(std::string_view data) {
  if (disconnecting()) return;
  written_.append(data);
  buffered_ += data.size();
  gate_.update(buffered_);
}

void StringTransport::writeSequence(std::span<const std::string_view> pieces) {
  if (disconnecting()) return;
  for (std::string_view piece : pieces) {
    written_.append(piece);
    buffered_ += piece.size();
  }
  gate_.update(buffered_);
}

void StringTransport::loseConnection(net::Reason reason) {
  if (disconnecting()) return;
  closeReason_ = std::move(reason);
  gate_.stop();
}

void StringTransport::abortConnection(net::Reason reason) {
  if (aborted_ || finished_) return;
  aborted_ = true;
  closeReason_ = std::move(reason);
  buffered_ = 0;  // an abort drops what the socket had not sent
  gate_.stop();
}

void StringTransport::resumeReading() {
  readingPaused_ = false;
  deliverUnread();
}

void StringTransport::registerProducer(net::Producer& producer) {
  gate_.registerProducer(producer, buffered_, disconnecting());
}

void feedInChunks(StringTransport& transport, std::string_view stream, std::size_t chunkSize) {
  WEFT_ASSERT(chunkSize > 0, "feedInChunks: chunkSize must be at least 1");
  for (std::size_t offset = 0; offset < stream.size(); offset += chunkSize) {
    transport.receive(stream.substr(offset, chunkSize));
  }
}

}  // namespace weft::testing
