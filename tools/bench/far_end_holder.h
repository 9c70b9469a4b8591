// FarEndHolder: keeps the far (client) ends of loopback connections open in a forked process,
// so a benchmark's own process spends one descriptor per connection, not two: 10,000 idle
// connections then fit under a 20,000-descriptor limit that cannot be raised.
// Tests: tests/tools/bench/far_end_holder_test.cpp
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <span>

#include "net/core/result.h"

namespace weft::bench {

class FarEndHolder {
 public:
  // Forks the holder. Call it before the process has threads or many descriptors: the child
  // closes every descriptor it inherited except its end of a Unix socket pair, then only
  // receives descriptors (SCM_RIGHTS) and keeps them, touching nothing else, until that socket
  // closes or this process dies (PR_SET_PDEATHSIG). The error says why it could not start.
  static net::Result<FarEndHolder> start();

  FarEndHolder(FarEndHolder&& other) noexcept;
  FarEndHolder& operator=(FarEndHolder&& other) noexcept;
  FarEndHolder(const FarEndHolder&) = delete;
  FarEndHolder& operator=(const FarEndHolder&) = delete;
  // Ends the holder (SIGKILL) and reaps it: every descriptor it held closes, so the peers of
  // those sockets see the connections end.
  ~FarEndHolder();

  // Hands `fds` to the holder and closes them here, whether or not that worked; the holder's
  // copies keep the sockets open. An error (the holder died) means the sockets may be closed.
  net::Result<void> adopt(std::span<const int> fds);

  std::size_t held() const { return held_; }
  pid_t pid() const { return pid_; }

 private:
  FarEndHolder(pid_t pid, int channel) : pid_(pid), channel_(channel) {}
  void stop();

  pid_t pid_ = -1;
  int channel_ = -1;  // our end of the socket pair
  std::size_t held_ = 0;
};

}  // namespace weft::bench
