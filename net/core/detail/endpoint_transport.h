// EndpointTransport: how the reactor listens and connects for one endpoint kind — the hooks a
// transport plugs in beside its EndpointKind, so Reactor::listen and Reactor::connect dispatch
// through the endpoint's kind and core names no transport. Internal: transports fill it in,
// users never call it. Tests: tests/net/core/endpoint_kind_test.cpp,
// tests/net/core/listener_test.cpp
#pragma once

#include <string_view>

#include "net/core/address.h"
#include "net/core/detail/connection.h"
#include "net/core/detail/event_loop.h"
#include "net/core/endpoint.h"
#include "net/core/result.h"

namespace weft::net {
class Reactor;
class ServerFactory;
}  // namespace weft::net

namespace weft::net::detail {

// What a transport's listen made: the handle it registered with the reactor's loop and the
// address it is bound to (with the port the system picked for port 0).
struct Listening {
  HandleId handle;
  Address address;
};

// Each hook is null when the kind cannot do that, and the matching sentence says what to use
// instead; the reactor reports it after the endpoint ("udp:9000: UDP endpoints listen with
// listenUdp").
struct EndpointTransport {
  // Binds `endpoint` (a server endpoint of this kind) and registers an IoHandle that accepts
  // through `factory` until its stopListening(), counting what it turns away in
  // listenerCounters(): the Port the reactor hands out calls those two. The reactor calls
  // factory.doStart() afterwards. Errors start with endpoint.toString().
  Result<Listening> (*listen)(Reactor& reactor, const Endpoint& endpoint, ServerFactory& factory);
  std::string_view cannotListen;
  // Starts one attempt to reach `address`, one of the client `endpoint`'s addresses (resolved
  // by the Connector, or its path). `done` must not run inside this call.
  DialStart (*dial)(Reactor& reactor, const Endpoint& endpoint, const Address& address,
                    DialDone done);
  std::string_view cannotConnect;
};

}  // namespace weft::net::detail
