// ReactorAccess: the door through which weft's own components (ports, connectors, UDP, stdio,
// signals) reach the reactor's internals, kept out of Reactor's public interface. Internal.
// Tests: tests/net/core/listener_test.cpp (every component test goes through it)
#pragma once

#include <memory>

#include "net/core/detail/event_loop.h"
#include "net/core/reactor.h"

namespace weft::net::detail {

struct ReactorAccess {
  static EventLoop& loop(Reactor& reactor) { return *reactor.loop_; }
  // Ports, connectors and UDP ports register so a reactor destroyed before them detaches them.
  static void track(Reactor& reactor, ReactorHandle* handle) { reactor.handles_.push_back(handle); }
  static void untrack(Reactor& reactor, ReactorHandle* handle) {
    std::erase(reactor.handles_, handle);
  }
  // See Reactor::adopt/disown.
  static void adopt(Reactor& reactor, std::shared_ptr<void> owned) {
    reactor.adopt(std::move(owned));
  }
  static void disown(Reactor& reactor, const void* owned) { reactor.disown(owned); }
};

}  // namespace weft::net::detail
