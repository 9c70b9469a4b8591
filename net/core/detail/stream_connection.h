// StreamConnection: a connected TCP or Unix socket as a Transport — reads capped per pump into
// the loop's shared buffer, writes batched per dispatch, closes that never re-enter the
// protocol that asked for them. Internal. Tests: tests/net/core/stream_connection_test.cpp
#pragma once

#include <memory>
#include <string>

#include "net/core/detail/compact_address.h"
#include "net/core/detail/connection.h"
#include "net/core/detail/event_loop.h"
#include "net/core/detail/producer_gate.h"
#include "net/core/detail/rate_meter.h"
#include "net/core/detail/write_batch.h"
#include "net/core/protocol.h"
#include "net/core/transport.h"

namespace weft::net::detail {

class StreamConnection final : public IoHandle, public Connection {
 public:
  // Wraps connected socket `fd` (ownership moves in) and registers it with `loop`; start()
  // then calls connectionMade. Returns null, with `fd` closed and the error logged, if the
  // loop cannot watch it.
  static StreamConnection* open(EventLoop& loop, int fd, std::unique_ptr<Protocol> protocol,
                                ConnectionObserver* observer);
  void start() override;

  StreamConnection(EventLoop& loop, int fd, std::unique_ptr<Protocol> protocol,
                   ConnectionObserver* observer);

  void setObserver(ConnectionObserver* observer) override { observer_ = observer; }
  Protocol& protocol() override { return *protocol_; }
  // Closes at once: the protocol's connectionLost runs inside this call. The loop calls it
  // from its own level; abortNow (see Connection) is for owners being destroyed.
  void closeNow(Reason reason);
  void abortNow(Reason reason) override;

  // Transport
  void write(std::string_view data) override;
  void writeSequence(std::span<const std::string_view> pieces) override;
  void loseConnection(Reason reason) override;
  void abortConnection(Reason reason) override;
  bool disconnecting() const override { return state_ != State::Open; }
  Address peer() const override { return peer_.get(); }
  Address host() const override { return host_.get(); }
  std::size_t bufferedBytes() const override { return out_.size() - outOffset_ + batched_.bytes(); }
  void pauseReading() override;
  void resumeReading() override;
  void registerProducer(Producer& producer) override;
  void unregisterProducer() override { gate_.unregisterProducer(); }
  NetStats stats() const override;
  Scheduler* scheduler() const override { return &loop_.scheduler(); }

  // IoHandle
  void onReadable() override;
  void onWritable() override { drainOutput(); }
  void flush() override { drainOutput(); }
  void sendBatched() override;
  void onLoopShutdown() override;

 private:
  // Closing means flush then close; Aborting drops the buffer. Both finish in drainOutput,
  // which the loop calls at the end of the dispatch, outside any protocol callback.
  enum class State : std::uint8_t { Open, Closing, Aborting, Closed };

  void queue(std::string_view data);
  std::size_t sendDirect(std::span<const std::string_view> pieces);
  void afterWrite();
  void sendBuffered();
  void consumeSent(std::size_t count);
  void dropOutput();
  void drainOutput();
  void updateInterest();
  template <typename F>
  bool callProtocol(const char* callback, F&& f);

  // The layout is for a server holding ten thousand mostly idle connections: every member
  // here is paid per connection, so what most connections never use lives behind a pointer
  // and what every connection has is stored compactly.
  std::unique_ptr<Protocol> protocol_;
  ConnectionObserver* observer_;
  // Unsent bytes are out_[outOffset_..], then batched_. Writes during a dispatch go to the
  // loop's shared WriteBatch and are sent at its end; only what the socket did not take is
  // copied into out_, which is freed once it drains: an idle connection holds no write buffer.
  std::string out_;
  std::size_t outOffset_ = 0;
  WriteBatch::Chain batched_;
  ProducerGate gate_;
  std::unique_ptr<Reason> closeReason_;  // set when closing starts
  TrafficTotals totals_;
  // Made on the first stats() call: most connections are never asked, and it is 400 bytes.
  mutable std::unique_ptr<RateMeter> meter_;
  CompactAddress peer_;
  CompactAddress host_;
  int sendError_ = 0;
  State state_ = State::Open;
  Interest interest_ = Interest::Read;
  bool readingPaused_ = false;
};

}  // namespace weft::net::detail
