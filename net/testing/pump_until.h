// pumpUntil: drives a real Reactor until a condition holds or a real-time deadline passes —
// how tests over loopback sockets wait for events without sleeping for a guessed time.
// Tests: tests/net/core/stream_connection_test.cpp
#pragma once

#include <chrono>

#include "net/core/reactor.h"

namespace weft::testing {

// Pumps, and between pumps sleeps in the poller (at most 10 ms) instead of spinning. Returns
// whether `done()` became true before `limit`.
template <typename Done>
bool pumpUntil(net::Reactor& reactor, Done&& done,
               std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  using Steady = std::chrono::steady_clock;
  const auto deadline = Steady::now() + limit;
  for (;;) {
    reactor.pump(net::Duration::max());
    if (done()) return true;
    const auto now = Steady::now();
    if (now >= deadline) return false;
    reactor.waitForEvents(std::min<net::Duration>(std::chrono::milliseconds(10), deadline - now));
  }
}

}  // namespace weft::testing
