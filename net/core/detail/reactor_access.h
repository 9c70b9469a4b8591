// ReactorAccess: the door through which weft's own components (ports, connectors, transports,
// stdio, signals) reach the reactor's internals, kept out of Reactor's public interface. Internal.
// Tests: tests/net/core/listener_test.cpp (every component test goes through it)
#pragma once

#include <memory>

#include "net/core/detail/event_loop.h"
#include "net/core/detail/reactor_link.h"
#include "net/core/reactor.h"

namespace weft::net::detail {

struct ReactorAccess {
  static EventLoop& loop(Reactor& reactor) { return *reactor.loop_; }
  // For ReactorLink: a reactor destroyed before its links detaches them.
  static void track(Reactor& reactor, ReactorLink* link) { reactor.links_.push_back(link); }
  static void untrack(Reactor& reactor, ReactorLink* link) { std::erase(reactor.links_, link); }
  // See Reactor::adopt/disown.
  static void adopt(Reactor& reactor, std::shared_ptr<void> owned) {
    reactor.adopt(std::move(owned));
  }
  static void disown(Reactor& reactor, const void* owned) { reactor.disown(owned); }
};

}  // namespace weft::net::detail
