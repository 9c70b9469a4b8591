// StringTransport: a Transport that records what its protocol writes and is fed bytes by the test.
// Tests: tests/net/testing/string_transport_test.cpp
//
// Twisted's proto_helpers.StringTransport. Nothing happens by itself: the test connects a
// protocol, hands it bytes with receive(), reads written(), and ends the connection with
// finish(). Its socket never sends until the test calls drain(), which is how a test walks a
// producer through the water marks.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/protocol.h"
#include "net/core/reason.h"
#include "net/core/transport.h"
#include "net/testing/water_mark_gate.h"

namespace weft::testing {

struct StringTransportConfig {
  net::Address peer = net::Address::loopbackIPv4(40000);  // peer(): a client's ephemeral port
  net::Address host = net::Address::loopbackIPv4(8007);   // host(): the server's port
  std::size_t highWaterMark = 64 * 1024;  // bufferedBytes() above this pauses the producer
  std::size_t lowWaterMark = 16 * 1024;   // drained to this or below resumes it
  // scheduler(): the timers the protocol may keep (a Scheduler on a ManualClock); null: none.
  net::Scheduler* scheduler = nullptr;
};

class StringTransport final : public net::Transport {
 public:
  explicit StringTransport(StringTransportConfig config = {});
  StringTransport(const StringTransport&) = delete;
  StringTransport& operator=(const StringTransport&) = delete;
  // Destroying it does not call connectionLost: end the connection with finish().
  ~StringTransport() override = default;

  // --- Driving the protocol ---
  // Attaches `protocol` and calls its connectionMade.
  void connect(net::Protocol& protocol);
  // Delivers `data` to dataReceived, or queues it while reading is paused (resumeReading
  // delivers the queue). Between connect() and finish() only. Delivers also after the protocol
  // asked to close, as bytes already in flight would be, so a test can check they are ignored.
  void receive(std::string_view data);
  // The connection is gone: calls connectionLost with closeReason(), or Done if the protocol
  // never closed it. The second form is the peer ending it (Reason::lost() for a reset).
  void finish();
  void finish(net::Reason reason);

  // --- What the protocol did ---
  // Every byte written since connect() or the last clear(), including those after a drain().
  const std::string& written() const { return written_; }
  void clear() { written_.clear(); }
  // written(), then clear().
  std::string takeWritten();
  // Set by the first loseConnection or by abortConnection (which overrides a loseConnection).
  const std::optional<net::Reason>& closeReason() const { return closeReason_; }
  bool aborted() const { return aborted_; }
  bool readingPaused() const { return readingPaused_; }
  bool producerPaused() const { return gate_.paused(); }
  bool connected() const { return protocol_ != nullptr; }

  // --- The socket model ---
  // The socket sends up to `bytes` of what is buffered, resuming a paused producer once the
  // buffered bytes are at or below the low-water mark.
  void drain(std::size_t bytes = std::numeric_limits<std::size_t>::max());

  // --- Transport ---
  void write(std::string_view data) override;
  void writeSequence(std::span<const std::string_view> pieces) override;
  void loseConnection(net::Reason reason = net::Reason::done()) override;
  void abortConnection(net::Reason reason = net::Reason::aborted()) override;
  bool disconnecting() const override { return closeReason_.has_value() || finished_; }
  net::Address peer() const override { return config_.peer; }
  net::Address host() const override { return config_.host; }
  std::size_t bufferedBytes() const override { return buffered_; }
  void pauseReading() override { readingPaused_ = true; }
  void resumeReading() override;
  void registerProducer(net::Producer& producer) override;
  void unregisterProducer() override { gate_.unregisterProducer(); }
  net::Scheduler* scheduler() const override { return config_.scheduler; }

 private:
  void deliverUnread();

  StringTransportConfig config_;
  net::Protocol* protocol_ = nullptr;
  std::string written_;
  std::string unread_;  // received while reading was paused or a callback was running
  std::size_t buffered_ = 0;
  std::optional<net::Reason> closeReason_;
  detail::WaterMarkGate gate_;
  bool aborted_ = false;
  bool readingPaused_ = false;
  bool finished_ = false;
  bool delivering_ = false;  // inside one of the protocol's callbacks
};

// Delivers `stream` through `transport` in pieces of `chunkSize` bytes (the last one shorter),
// the way TCP may split it: a decoder must give the same result for every chunkSize.
void feedInChunks(StringTransport& transport, std::string_view stream, std::size_t chunkSize);

}  // namespace weft::testing
