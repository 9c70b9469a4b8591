#include "net/core/detail/event_loop.h"

#include <unistd.h>

#include <exception>

#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net::detail {

namespace {
constexpr std::size_t kEventsPerWait = 256;
// What one dispatch's writes may hold before they are sent early: a fan-out of forty messages
// to a thousand members fits; the join of a hundred members to ten thousand is sent in parts.
// Reserved address space; pages are used only as the batch fills (see WriteBatch).
constexpr std::size_t kWriteBatchPieces = std::size_t{1} << 20;
constexpr std::size_t kWriteBatchBytes = std::size_t{8} << 20;

std::uint32_t slotIndex(HandleId id) {
  return static_cast<std::uint32_t>(id);
}
std::uint32_t generationOf(HandleId id) {
  return static_cast<std::uint32_t>(id >> 32);
}
}  // namespace

IoHandle::~IoHandle() {
  if (fd_ >= 0) ::close(fd_);
}

void IoHandle::stopListening() {
  loop_.release(id_);
}

ListenerCounters IoHandle::listenerCounters() const {
  return {};
}

EventLoop::EventLoop(Clock& clock, Logger& logger, const ReactorConfig& config,
                     Scheduler& scheduler)
    : clock_(clock),
      logger_(logger),
      config_(config),
      scheduler_(scheduler),
      poller_(makePoller(config.poller, config.idleDoorbell)),
      events_(kEventsPerWait),
      readBuffer_(config.readChunkBytes),
      writeBatch_(kWriteBatchPieces, kWriteBatchBytes) {}

EventLoop::~EventLoop() {
  shuttingDown_ = true;
  // Handles still open hear about it (a connection's protocol gets connectionLost) while
  // every other part of the loop still works; then everything is destroyed.
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (IoHandle* handle = slots_[i].handle.get()) handle->onLoopShutdown();
  }
  for (Slot& slot : slots_) {
    if (slot.handle) forget(slot);
  }
  while (!graveyard_.empty()) {
    auto dead = std::move(graveyard_);
    graveyard_.clear();
  }
}

HandleId EventLoop::addUnwatched(std::unique_ptr<IoHandle> handle) {
  WEFT_ASSERT(!shuttingDown_, "EventLoop::addUnwatched during shutdown");
  const int fd = std::exchange(handle->fd_, -1);  // hide it from add()'s poller registration
  auto id = add(std::move(handle), Interest::None);
  WEFT_ASSERT(id.ok(), "registering a handle without a descriptor cannot fail");
  slots_[static_cast<std::uint32_t>(*id)].handle->fd_ = fd;
  slots_[static_cast<std::uint32_t>(*id)].unwatched = true;
  return *id;
}

Result<HandleId> EventLoop::add(std::unique_ptr<IoHandle> handle, Interest interest) {
  if (shuttingDown_) return Error{"the reactor is shutting down"};
  std::uint32_t index;
  if (!freeSlots_.empty()) {
    index = freeSlots_.back();
    freeSlots_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[index];
  const HandleId id = (static_cast<HandleId>(slot.generation) << 32) | index;
  handle->id_ = id;
  if (handle->fd() >= 0) {
    if (auto added = poller_->add(handle->fd(), id, interest); !added) {
      ++slot.generation;
      freeSlots_.push_back(index);
      return added.error();
    }
  }
  slot.handle = std::move(handle);
  ++live_;
  return id;
}

void EventLoop::setInterest(HandleId id, Interest interest) {
  Slot* slot = slotFor(id);
  if (!slot || slot->handle->fd() < 0 || slot->unwatched) return;
  if (auto changed = poller_->modify(slot->handle->fd(), id, interest); !changed) {
    logger_.error(strCat("cannot change what the reactor waits for: ", changed.error().message));
  }
}

void EventLoop::release(HandleId id) {
  Slot* slot = slotFor(id);
  if (!slot) return;
  IoHandle& handle = *slot->handle;
  // Closing now, not when the object dies, sends the FIN at once and frees a listening port
  // for the next listen(); fd_ = -1 keeps a handle still on the stack from touching the number.
  if (handle.fd_ >= 0) {
    if (!slot->unwatched) poller_->remove(handle.fd_);
    ::close(handle.fd_);
    handle.fd_ = -1;
  }
  forget(*slot);
}

int EventLoop::detachDescriptor(HandleId id) {
  Slot* slot = slotFor(id);
  if (!slot) return -1;
  int fd = slot->handle->releaseFd();
  if (fd >= 0 && !slot->unwatched) poller_->remove(fd);
  forget(*slot);
  return fd;
}

void EventLoop::forget(Slot& slot) {
  graveyard_.push_back(std::move(slot.handle));
  slot.queued = slot.flushQueued = slot.readable = slot.writable = slot.unwatched = false;
  ++slot.generation;
  freeSlots_.push_back(static_cast<std::uint32_t>(&slot - slots_.data()));
  --live_;
}

IoHandle* EventLoop::find(HandleId id) const {
  const Slot* slot = slotFor(id);
  return slot ? slot->handle.get() : nullptr;
}

EventLoop::Slot* EventLoop::slotFor(HandleId id) {
  const std::uint32_t index = slotIndex(id);
  if (index >= slots_.size()) return nullptr;
  Slot& slot = slots_[index];
  return slot.handle && slot.generation == generationOf(id) ? &slot : nullptr;
}

const EventLoop::Slot* EventLoop::slotFor(HandleId id) const {
  return const_cast<EventLoop*>(this)->slotFor(id);
}

std::size_t EventLoop::dispatch(TimePoint stopAt, std::optional<Duration> pollTimeout) {
  // A zero-timeout look the poller already knows to be empty is skipped: the common idle pump.
  const bool look = pollTimeout != Duration::zero() || poller_->mayHaveEvents();
  const std::size_t n = look ? poller_->wait(events_, pollTimeout) : 0;
  for (std::size_t i = 0; i < n; ++i) {
    const PollEvent& event = events_[i];
    Slot* slot = slotFor(event.token);
    if (!slot) continue;  // closed earlier in this dispatch
    // An error or hang-up is reported as both: the handle's read or write learns which.
    slot->readable |= event.readable || event.failed;
    slot->writable |= event.writable || event.failed;
    if (!slot->queued) {
      slot->queued = true;
      ready_.push_back(event.token);
    }
  }
  std::size_t served = 0;
  while (!ready_.empty()) {
    const HandleId id = ready_.front();
    ready_.pop_front();
    serve(id);
    ++served;
    if (stopAt != TimePoint::max() && clock_.now() >= stopAt) break;
  }
  return served;
}

void EventLoop::wait(Duration timeout) {
  poller_->wait(events_, timeout);
}

void EventLoop::serve(HandleId id) {
  Slot* slot = slotFor(id);
  if (!slot) return;
  slot->queued = false;
  const bool readable = std::exchange(slot->readable, false);
  const bool writable = std::exchange(slot->writable, false);
  IoHandle* handle = slot->handle.get();
  try {
    // Writing first frees buffer room before reading produces more replies.
    if (writable) handle->onWritable();
    if (readable && slotFor(id)) handle->onReadable();
  } catch (const std::exception& e) {
    // Handles catch what user callbacks throw; reaching here is a bug in weft itself.
    logger_.error(strCat("internal error serving a socket, closing it: ", e.what()));
    release(id);
  }
}

void EventLoop::markReady(HandleId id) {
  Slot* slot = slotFor(id);
  if (!slot) return;
  slot->readable = true;
  if (!slot->queued) {
    slot->queued = true;
    ready_.push_back(id);
  }
}

void EventLoop::requestFlush(HandleId id) {
  Slot* slot = slotFor(id);
  if (!slot || slot->flushQueued) return;
  slot->flushQueued = true;
  flushes_.push_back(id);
}

bool EventLoop::batchWrite(WriteBatch::Chain& chain, std::string_view data) {
  if (writeBatch_.append(chain, data)) return true;
  if (!writeBatch_.full()) return false;
  // sendBatched calls back into no user code, so flushes_ cannot change under this loop.
  for (HandleId id : flushes_) {
    if (Slot* slot = slotFor(id)) slot->handle->sendBatched();
  }
  writeBatch_.reset();
  return writeBatch_.append(chain, data);
}

void EventLoop::finishDispatch() {
  // A flush can close a connection, whose connectionLost may write elsewhere: index, not
  // iterators, because the list may grow while we walk it.
  for (std::size_t i = 0; i < flushes_.size(); ++i) {
    if (Slot* slot = slotFor(flushes_[i])) {
      slot->flushQueued = false;
      slot->handle->flush();
    }
  }
  flushes_.clear();
  // Every connection that batched a write asked for a flush, which sent what it could and moved
  // the rest to its own buffer: nothing refers to the batch any more.
  writeBatch_.reset();
  // A destructor may release more handles; collect until none are left.
  while (!graveyard_.empty()) {
    auto dead = std::move(graveyard_);
    graveyard_.clear();
  }
}

}  // namespace weft::net::detail
