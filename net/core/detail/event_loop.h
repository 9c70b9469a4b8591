// EventLoop: the reactor's I/O half — the table of registered sockets, the ready queue that
// serves them round-robin within a time budget, deferred writes and deferred destruction.
// Internal: users see Reactor. Tests: tests/net/core/reactor_test.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "net/core/clock.h"
#include "net/core/detail/write_batch.h"
#include "net/core/logger.h"
#include "net/core/poller.h"
#include "net/core/reason.h"
#include "net/core/result.h"

namespace weft::net {
struct ListenerCounters;  // net/core/port.h
struct ReactorConfig;
class Scheduler;
}  // namespace weft::net

namespace weft::net::detail {

class EventLoop;

// A registration's id: slot index in the low half, the slot's generation in the high half, so
// an event or a handle for a socket that was closed (and its slot reused) is recognised as stale.
using HandleId = std::uint64_t;

// Something with a descriptor the loop watches: a connection, a listening socket, a connect in
// progress, a UDP port, the thread wake-up. Owned by the loop once added.
class IoHandle {
 public:
  explicit IoHandle(EventLoop& loop, int fd) : loop_(loop), fd_(fd) {}
  virtual ~IoHandle();  // closes the descriptor if it still has one
  IoHandle(const IoHandle&) = delete;
  IoHandle& operator=(const IoHandle&) = delete;

  // Readiness, as the poller reported it. `failed` (error or hang-up) arrives as readable too,
  // so a read or SO_ERROR tells the handle what happened.
  virtual void onReadable() {}
  virtual void onWritable() {}
  // Writes were buffered during dispatch; send them now (called once per dispatch at most).
  virtual void flush() {}
  // The loop's WriteBatch is full mid-dispatch: send what this handle put in it, or move it to
  // its own buffer, without closing or calling back (flush() still follows).
  virtual void sendBatched() {}
  // The loop is being destroyed with this handle still open.
  virtual void onLoopShutdown() {}
  // The Port listening through this handle stopped. Most handles are released at once; one
  // that owns its connections (an ENet host) stays until they are gone.
  virtual void stopListening();
  // A listening handle's counters; most count nothing.
  virtual ListenerCounters listenerCounters() const;

  int fd() const { return fd_; }
  HandleId id() const { return id_; }

 protected:
  // Gives the descriptor away (a connect that succeeded becomes a connection).
  int releaseFd() { return std::exchange(fd_, -1); }

  EventLoop& loop_;
  int fd_;

 private:
  friend class EventLoop;
  HandleId id_ = 0;
};

class EventLoop {
 public:
  // `scheduler` is the reactor's: what its transports hand their protocols (Transport::scheduler).
  EventLoop(Clock& clock, Logger& logger, const ReactorConfig& config, Scheduler& scheduler);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Takes ownership and starts watching the handle's descriptor. Errors (a descriptor epoll
  // cannot watch) hand the handle back destroyed.
  Result<HandleId> add(std::unique_ptr<IoHandle> handle, Interest interest);
  // Registers a handle whose descriptor the poller cannot watch (a regular file is always
  // readable, and epoll refuses it): it takes part in flushes, release and shutdown only.
  HandleId addUnwatched(std::unique_ptr<IoHandle> handle);
  void setInterest(HandleId id, Interest interest);
  // Stops watching now; the handle is destroyed when the current dispatch ends (never inside
  // the caller's stack), so a callback may close itself or others safely.
  void release(HandleId id);
  // Stops watching and releases the handle but keeps its descriptor open and returns it: how a
  // finished connect attempt hands its socket to the connection.
  int detachDescriptor(HandleId id);
  IoHandle* find(HandleId id) const;

  // Polls (up to `pollTimeout`), then serves ready handles in FIFO order until `stopAt`; what
  // is left stays queued, first in line for the next call. Returns handles served.
  std::size_t dispatch(TimePoint stopAt, std::optional<Duration> pollTimeout);
  // Waits for readiness without serving anything. Nothing is lost: the poller is
  // level-triggered, so the next dispatch sees the same sockets ready again.
  void wait(Duration timeout);

  // A handle with work the poller cannot see (events ENet already read into user space) asks
  // to be served again as if readable: later in this dispatch or, past the budget, the next.
  void markReady(HandleId id);
  // A handle with buffered writes asks to be flushed at the end of this dispatch.
  void requestFlush(HandleId id);
  // Runs the flushes requested so far and destroys released handles.
  void finishDispatch();

  // True while the reactor runs callbacks (pump/run): writes are then batched per dispatch,
  // outside they are sent at once.
  bool dispatching() const { return dispatching_; }
  void setDispatching(bool on) { dispatching_ = on; }
  bool hasQueuedWork() const { return !ready_.empty() || !flushes_.empty(); }

  // One read buffer shared by every connection: a connection costs no read memory while idle.
  std::span<char> readBuffer() { return readBuffer_; }
  // The writes of this dispatch, shared likewise; reset by finishDispatch after the flushes.
  WriteBatch& writeBatch() { return writeBatch_; }
  // Appends `data` to `chain` in the write batch, for a handle that has asked for a flush
  // (requestFlush) first. A full batch is sent early (every handle waiting for a flush is told
  // sendBatched), so its memory stays bounded however much a dispatch writes. False if `data`
  // cannot be batched: the caller keeps it in its own buffer.
  bool batchWrite(WriteBatch::Chain& chain, std::string_view data);

  const ReactorConfig& config() const { return config_; }
  Clock& clock() const { return clock_; }
  Scheduler& scheduler() const { return scheduler_; }
  Logger& logger() const { return logger_; }
  const Poller& poller() const { return *poller_; }
  std::size_t handleCount() const { return live_; }

 private:
  struct Slot {
    std::unique_ptr<IoHandle> handle;
    std::uint32_t generation = 1;
    bool queued = false;       // in ready_
    bool flushQueued = false;  // in flushes_
    bool readable = false;     // readiness gathered since it was queued
    bool writable = false;
    bool unwatched = false;  // registered without the poller (addUnwatched)
  };

  Slot* slotFor(HandleId id);
  const Slot* slotFor(HandleId id) const;
  void serve(HandleId id);
  void forget(Slot& slot);

  Clock& clock_;
  Logger& logger_;
  const ReactorConfig& config_;
  Scheduler& scheduler_;
  std::unique_ptr<Poller> poller_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> freeSlots_;
  std::deque<HandleId> ready_;
  std::vector<HandleId> flushes_;
  std::vector<std::unique_ptr<IoHandle>> graveyard_;
  std::vector<PollEvent> events_;
  std::vector<char> readBuffer_;
  WriteBatch writeBatch_;
  std::size_t live_ = 0;
  bool dispatching_ = false;
  bool shuttingDown_ = false;
};

}  // namespace weft::net::detail
