// IdleEpoll: a bare epoll set registering the very descriptors an idle load already holds (its
// TCP sockets and its eventfd), so `weft-bench pump` can put the cost of a bare
// epoll_wait(epfd, events, n, 0) over the same sockets beside weft's idle pump.
// Tests: tests/tools/bench/idle_load_test.cpp
#pragma once

#include <sys/epoll.h>

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "net/core/result.h"

namespace weft::bench {

// The descriptors open in this process now, ascending (from /proc/self/fd): taken before and
// after opening a load, the difference is the load's.
std::vector<int> openDescriptors();

class IdleEpoll {
 public:
  // Events one wait may return: what weft's epoll poller passes as maxevents.
  static constexpr int kMaxEvents = 256;

  // A new epoll set with those of `fds` that are IPv4/IPv6 sockets or eventfds registered for
  // reading, as weft registers an idle connection; other kinds (pipes, Unix sockets, epoll
  // sets) are skipped. A descriptor may sit in several epoll sets at once, so this costs no
  // second set of sockets. The descriptors stay their owner's; closing one drops it from the set.
  static net::Result<std::unique_ptr<IdleEpoll>> watchSame(std::span<const int> fds);

  ~IdleEpoll();  // closes the epoll descriptor only
  IdleEpoll(const IdleEpoll&) = delete;
  IdleEpoll& operator=(const IdleEpoll&) = delete;

  // One epoll_wait(epfd, events, kMaxEvents, 0); returns its result (0 when idle).
  int waitOnce() { return ::epoll_wait(epfd_, events_.data(), kMaxEvents, 0); }

  std::size_t registrations() const { return registrations_; }

 private:
  IdleEpoll() = default;

  int epfd_ = -1;
  std::size_t registrations_ = 0;
  std::array<epoll_event, kMaxEvents> events_{};
};

}  // namespace weft::bench
