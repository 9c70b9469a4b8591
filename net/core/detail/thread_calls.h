// ThreadCalls: the queue behind Reactor::callFromThread — any thread posts, an eventfd wakes a
// sleeping run(), and the reactor thread drains it. Internal. Tests:
// tests/net/core/reactor_test.cpp
#pragma once

#include <atomic>
#include <mutex>
#include <vector>

#include "net/core/detail/event_loop.h"
#include "net/core/unique_function.h"

namespace weft::net::detail {

class ThreadCalls {
 public:
  // Registers its wake-up descriptor with `loop`.
  explicit ThreadCalls(EventLoop& loop);
  ~ThreadCalls();

  // Any thread.
  void post(Callback fn);
  // Reactor thread: runs what was posted so far, in order; exceptions are logged.
  std::size_t drain(Logger& logger);
  bool pending() const { return pending_.load(std::memory_order_acquire); }

 private:
  EventLoop& loop_;
  std::mutex mutex_;
  std::vector<Callback> queue_;
  std::vector<Callback> running_;
  std::atomic<bool> pending_{false};
  int wakeFd_ = -1;
  HandleId wakeHandle_ = 0;
};

}  // namespace weft::net::detail
