// Transport: the byte pipe a Protocol writes to (Twisted's ITransport), with flush-then-close,
// abort, pausing and write backpressure. The reactor's TCP/Unix connections, StringTransport and
// the in-memory pair all implement it. Tests: tests/net/core/stream_connection_test.cpp
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "net/core/address.h"
#include "net/core/net_stats.h"
#include "net/core/reason.h"

namespace weft::net {

class Scheduler;

// Something that writes into a transport faster than it may drain (a file sender, a chat
// fan-out, a relay): the transport pauses it above a high-water mark of buffered bytes and
// resumes it below a low-water mark, so memory stays bounded.
class Producer {
 public:
  virtual ~Producer() = default;
  virtual void pauseProducing() = 0;
  virtual void resumeProducing() = 0;
  // The transport is closing; no resume will follow.
  virtual void stopProducing() {}
};

// Data is bytes (std::string_view here is a byte view, not necessarily text). Every method is
// called on the reactor thread. Nothing blocks and nothing throws: writes after the connection
// began closing are dropped, because the Protocol learns of the close through connectionLost.
class Transport {
 public:
  virtual ~Transport() = default;

  // Queues `data`; it is sent as soon as the socket accepts it, in order.
  virtual void write(std::string_view data) = 0;
  // Queues several pieces as one write (one system call where possible).
  virtual void writeSequence(std::span<const std::string_view> pieces) = 0;

  // Sends what is buffered, then closes; the protocol's connectionLost receives `reason`.
  virtual void loseConnection(Reason reason = Reason::done()) = 0;
  // Closes now, dropping buffered data.
  virtual void abortConnection(Reason reason = Reason::aborted()) = 0;
  // True once loseConnection or abortConnection was called (or the peer went away).
  virtual bool disconnecting() const = 0;

  virtual Address peer() const = 0;  // the other end
  virtual Address host() const = 0;  // this end

  // Bytes accepted by write() that the socket has not taken yet.
  virtual std::size_t bufferedBytes() const = 0;

  // Stops and restarts dataReceived (the socket is left unread, so TCP slows the sender).
  virtual void pauseReading() = 0;
  virtual void resumeReading() = 0;

  // One producer at a time; it is paused above the high-water mark and resumed below the low
  // one. The producer must outlive its registration (unregister in connectionLost).
  virtual void registerProducer(Producer& producer) = 0;
  virtual void unregisterProducer() = 0;

  // Traffic, RTT and loss as far as this transport can tell (TCP asks the kernel).
  virtual NetStats stats() const { return {}; }

  // The timers of whatever runs this transport (its reactor's, a test's ManualClock), for a
  // protocol that keeps time of its own: a heartbeat, a hello timeout. A protocol learns them
  // here, as a libuv handle knows its loop, because it is built by a factory that is declared
  // before the reactor. Valid while connected; null where nothing runs timers (a test double
  // given none): the protocol then keeps no time.
  virtual Scheduler* scheduler() const { return nullptr; }
};

}  // namespace weft::net
