#include "net/core/detail/io_uring_doorbell.h"

#include <linux/io_uring.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace weft::net::detail {

namespace {

constexpr unsigned kEntries = 4;                         // a poll and its removal in flight at most
constexpr std::uint64_t kRemoveTag = ~std::uint64_t{0};  // user_data of removal requests

int uringSetup(unsigned entries, io_uring_params* params) {
  return static_cast<int>(::syscall(SYS_io_uring_setup, entries, params));
}

int uringEnter(int ring, unsigned submit, unsigned complete, unsigned flags) {
  return static_cast<int>(::syscall(SYS_io_uring_enter, ring, submit, complete, flags, nullptr, 0));
}

unsigned loadAcquire(unsigned* p) {
  return std::atomic_ref<unsigned>(*p).load(std::memory_order_acquire);
}
void storeRelease(unsigned* p, unsigned v) {
  std::atomic_ref<unsigned>(*p).store(v, std::memory_order_release);
}

void* mapRing(int ring, std::size_t size, off_t offset) {
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, offset);
  return p == MAP_FAILED ? nullptr : p;
}

}  // namespace

IoUringDoorbell::IoUringDoorbell(int epollFd) : epollFd_(epollFd) {
  io_uring_params params{};
  ring_ = uringSetup(kEntries, &params);
  if (ring_ < 0) return;
  // Needed: rings in one mapping (5.4), completions never dropped on overflow (5.5), and
  // multishot poll (5.13; the fast-poll feature bit arrived in the same era).
  const unsigned needed = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_FAST_POLL;
  if ((params.features & needed) != needed) {
    ::close(ring_);
    ring_ = -1;
    return;
  }
  sqRingSize_ = params.sq_off.array + params.sq_entries * sizeof(unsigned);
  cqRingSize_ = params.cq_off.cqes + params.cq_entries * sizeof(io_uring_cqe);
  sqRingSize_ = cqRingSize_ = std::max(sqRingSize_, cqRingSize_);
  sqesSize_ = params.sq_entries * sizeof(io_uring_sqe);
  sqRing_ = mapRing(ring_, sqRingSize_, IORING_OFF_SQ_RING);
  cqRing_ = sqRing_;
  sqes_ = mapRing(ring_, sqesSize_, IORING_OFF_SQES);
  if (!sqRing_ || !sqes_) {
    unmap();
    return;
  }
  auto* sq = static_cast<char*>(sqRing_);
  sqTail_ = reinterpret_cast<unsigned*>(sq + params.sq_off.tail);
  sqMask_ = reinterpret_cast<unsigned*>(sq + params.sq_off.ring_mask);
  sqArray_ = reinterpret_cast<unsigned*>(sq + params.sq_off.array);
  sqFlags_ = reinterpret_cast<unsigned*>(sq + params.sq_off.flags);
  auto* cq = static_cast<char*>(cqRing_);
  cqHead_ = reinterpret_cast<unsigned*>(cq + params.cq_off.head);
  cqTail_ = reinterpret_cast<unsigned*>(cq + params.cq_off.tail);
  cqMask_ = reinterpret_cast<unsigned*>(cq + params.cq_off.ring_mask);
  cqes_ = cq + params.cq_off.cqes;
  // Try it once: a kernel without multishot poll refuses the request, and then there is no
  // doorbell at all rather than one that never works.
  if (submitPoll()) {
    disarm();
  } else {
    unmap();
  }
}

IoUringDoorbell::~IoUringDoorbell() {
  unmap();
}

void IoUringDoorbell::unmap() {
  if (sqes_) ::munmap(sqes_, sqesSize_);
  if (sqRing_) ::munmap(sqRing_, sqRingSize_);
  sqes_ = sqRing_ = cqRing_ = nullptr;
  if (ring_ >= 0) ::close(ring_);
  ring_ = -1;
}

void IoUringDoorbell::submit(const void* entry) {
  const unsigned tail = *sqTail_;
  const unsigned index = tail & *sqMask_;
  std::memcpy(static_cast<io_uring_sqe*>(sqes_) + index, entry, sizeof(io_uring_sqe));
  sqArray_[index] = index;
  storeRelease(sqTail_, tail + 1);
}

bool IoUringDoorbell::submitPoll() {
  io_uring_sqe sqe{};
  sqe.opcode = IORING_OP_POLL_ADD;
  sqe.fd = epollFd_;
  sqe.poll32_events = POLLIN;
  sqe.len = IORING_POLL_ADD_MULTI;
  sqe.user_data = ++generation_;
  submit(&sqe);
  armed_ = uringEnter(ring_, 1, 0, 0) == 1;
  return armed_;
}

void IoUringDoorbell::arm() {
  if (ring_ < 0 || armed_) return;
  clear();  // what the previous poll left behind
  submitPoll();
}

void IoUringDoorbell::disarm() {
  if (ring_ < 0 || !armed_) return;
  io_uring_sqe sqe{};
  sqe.opcode = IORING_OP_POLL_REMOVE;
  sqe.addr = generation_;
  sqe.user_data = kRemoveTag;
  submit(&sqe);
  uringEnter(ring_, 1, 0, 0);
  armed_ = false;
}

bool IoUringDoorbell::rang() const {
  if (!armed_) return true;  // no poll in flight: only a real wait can tell
  if (loadAcquire(cqTail_) != *cqHead_) return true;
  // Completions that did not fit wait in the kernel; the flag says there are some.
  return (std::atomic_ref<unsigned>(*sqFlags_).load(std::memory_order_relaxed) &
          IORING_SQ_CQ_OVERFLOW) != 0;
}

void IoUringDoorbell::clear() {
  if (ring_ < 0) return;
  bool ended = false;
  for (int pass = 0; pass < 2; ++pass) {
    unsigned head = *cqHead_;
    const unsigned tail = loadAcquire(cqTail_);
    for (; head != tail; ++head) {
      const auto& cqe = static_cast<io_uring_cqe*>(cqes_)[head & *cqMask_];
      // The kernel ends a multishot poll (a completion without F_MORE) when it could not post
      // one, or on error: then it has to be armed again. Completions of an earlier, removed
      // poll and of removals are only read past.
      if (cqe.user_data == generation_ && !(cqe.flags & IORING_CQE_F_MORE)) ended = true;
    }
    storeRelease(cqHead_, head);
    if (!(std::atomic_ref<unsigned>(*sqFlags_).load(std::memory_order_relaxed) &
          IORING_SQ_CQ_OVERFLOW)) {
      break;
    }
    uringEnter(ring_, 0, 0, IORING_ENTER_GETEVENTS);  // move the overflow into the ring
  }
  if (ended && armed_) {
    armed_ = false;
    submitPoll();
  }
}

}  // namespace weft::net::detail
