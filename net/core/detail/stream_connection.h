// StreamConnection: a connected TCP or Unix socket as a Transport — reads capped per pump into
// the loop's shared buffer, writes batched per dispatch, closes that never re-enter the
// protocol that asked for them. Internal. Tests: tests/net/core/stream_connection_test.cpp
#pragma once

#include <memory>
#include <string>

#include "net/core/detail/connection.h"
#include "net/core/detail/event_loop.h"
#include "net/core/detail/producer_gate.h"
#include "net/core/protocol.h"
#include "net/core/transport.h"
#include "net/stats/rate_meter.h"

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
  Address peer() const override { return peer_; }
  Address host() const override { return host_; }
  std::size_t bufferedBytes() const override { return out_.size() - outOffset_; }
  void pauseReading() override;
  void resumeReading() override;
  void registerProducer(Producer& producer) override;
  void unregisterProducer() override { gate_.unregisterProducer(); }
  NetStats stats() const override;

  // IoHandle
  void onReadable() override;
  void onWritable() override { drainOutput(); }
  void flush() override { drainOutput(); }
  void onLoopShutdown() override;

 private:
  // Closing means flush then close; Aborting drops the buffer. Both finish in drainOutput,
  // which the loop calls at the end of the dispatch, outside any protocol callback.
  enum class State : std::uint8_t { Open, Closing, Aborting, Closed };

  void afterWrite();
  void sendBuffered();
  void drainOutput();
  void updateInterest();
  template <typename F>
  bool callProtocol(const char* callback, F&& f);

  std::unique_ptr<Protocol> protocol_;
  ConnectionObserver* observer_;
  std::string out_;
  std::size_t outOffset_ = 0;
  ProducerGate gate_;
  Reason closeReason_;
  TrafficTotals totals_;
  // Made on the first stats() call: most connections are never asked, and it is 400 bytes.
  mutable std::unique_ptr<RateMeter> meter_;
  Address peer_;
  Address host_;
  int sendError_ = 0;
  State state_ = State::Open;
  Interest interest_ = Interest::Read;
  bool readingPaused_ = false;
};

}  // namespace weft::net::detail
