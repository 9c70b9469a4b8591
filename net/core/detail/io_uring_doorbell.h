// IoUringDoorbell: lets an idle pump learn "nothing happened" from shared memory instead of an
// epoll_wait system call. A multishot io_uring poll on the epoll descriptor posts a completion
// whenever any watched socket wakes up; no completion, no news. Linux only; internal.
// Tests: tests/net/core/poller_test.cpp (the doorbell cases)
#pragma once

#include <cstddef>
#include <cstdint>

namespace weft::net::detail {

// Why bother: a system call costs 0.1-0.2 µs on bare metal but over 1 µs in many VMs, and a game
// pumps every frame whether or not anything arrived. Ringing costs the kernel nothing extra:
// epoll already wakes its pollers on every event.
class IoUringDoorbell {
 public:
  // Watches `epollFd` once armed. available() is false when io_uring cannot be used here (an old
  // kernel, a seccomp filter, io_uring_disabled): the poller then simply always waits.
  explicit IoUringDoorbell(int epollFd);
  ~IoUringDoorbell();
  IoUringDoorbell(const IoUringDoorbell&) = delete;
  IoUringDoorbell& operator=(const IoUringDoorbell&) = delete;

  bool available() const { return ring_ >= 0; }
  bool armed() const { return armed_; }
  // True if a wake-up was posted since the last clear(), or if not armed (then nobody knows):
  // one acquire load, no system call.
  bool rang() const;
  // Forgets the wake-ups seen so far and re-arms a poll the kernel ended (it does after a
  // completion-queue overflow). Call just before epoll_wait: a wake-up after this rings again.
  void clear();

  // Armed, every socket event also costs the kernel a completion; that pays off only while
  // someone pumps with zero timeouts. The poller arms after an empty look and disarms before
  // sleeping in epoll_wait (a server's run() never needs it).
  void arm();
  void disarm();

 private:
  bool submitPoll();
  void submit(const void* sqe);
  void unmap();

  int epollFd_;
  int ring_ = -1;
  void* sqRing_ = nullptr;
  void* cqRing_ = nullptr;
  void* sqes_ = nullptr;
  std::size_t sqRingSize_ = 0;
  std::size_t cqRingSize_ = 0;
  std::size_t sqesSize_ = 0;
  unsigned* sqTail_ = nullptr;
  unsigned* sqMask_ = nullptr;
  unsigned* sqArray_ = nullptr;
  unsigned* sqFlags_ = nullptr;
  unsigned* cqHead_ = nullptr;
  unsigned* cqTail_ = nullptr;
  unsigned* cqMask_ = nullptr;
  void* cqes_ = nullptr;
  std::uint64_t generation_ = 0;  // tags each poll, so a cancelled one's last word is ignored
  bool armed_ = false;
};

}  // namespace weft::net::detail
