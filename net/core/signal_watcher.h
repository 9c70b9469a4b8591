// SignalWatcher: turns SIGINT/SIGTERM (or any signals) into a callback on the reactor thread,
// so a server can tell its clients goodbye and close files on Ctrl-C. RAII: the previous
// handlers come back when it is destroyed. Tests: tests/net/core/signal_watcher_test.cpp
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "net/core/unique_function.h"

namespace weft::net {

class Reactor;

// Signal dispositions are process-wide, so at most one watcher may hold a given signal at a
// time (asserted). The handler only writes the signal number to a pipe (async-signal-safe);
// `onSignal` runs later, inside pump or run, like every other callback.
class SignalWatcher {
 public:
  SignalWatcher(Reactor& reactor, std::initializer_list<int> signals,
                UniqueFunction<void(int)> onSignal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  Reactor& reactor_;
  std::vector<int> signals_;
  std::uint64_t reader_ = 0;  // the pipe reader's detail::HandleId
  int writeFd_ = -1;
};

}  // namespace weft::net
