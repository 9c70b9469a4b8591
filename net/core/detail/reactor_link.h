// ReactorLink: what a handle a user holds (a Port, a Connector, a UdpPort) keeps so that a
// reactor destroyed before it tells it: the reactor runs the link's onDetach (close, stop the
// factory) and forgets it, and the handle never touches the reactor again. Internal.
// Tests: tests/net/core/listener_test.cpp, tests/net/core/connector_test.cpp,
// tests/net/udp/udp_port_test.cpp (each destroys a reactor before its handles)
#pragma once

#include "net/core/unique_function.h"

namespace weft::net {
class Reactor;
}

namespace weft::net::detail {

class ReactorLink {
 public:
  // Registers with `reactor`; `onDetach` runs if the reactor goes first, while reactor() is
  // still set, so it may use the reactor one last time.
  ReactorLink(Reactor& reactor, UniqueFunction<void()> onDetach);
  ~ReactorLink();  // unregisters, unless the reactor already went
  ReactorLink(const ReactorLink&) = delete;
  ReactorLink& operator=(const ReactorLink&) = delete;

  // The reactor, or null once it was destroyed.
  Reactor* reactor() const { return reactor_; }

  // For the reactor's destructor.
  void detach();

 private:
  Reactor* reactor_;
  UniqueFunction<void()> onDetach_;
};

}  // namespace weft::net::detail
