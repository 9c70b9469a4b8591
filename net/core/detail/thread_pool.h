// ThreadPool: the workers behind Reactor::deferToThread (name resolution, file work), so
// blocking calls never run on the frame's thread. Internal. Tests: tests/net/core/reactor_test.cpp
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "net/core/unique_function.h"

namespace weft::net::detail {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  // Drops tasks that have not started, waits for running ones, joins every worker.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void post(Callback task);

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Callback> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace weft::net::detail
