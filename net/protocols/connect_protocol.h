// connectProtocol: connects one protocol object to a client endpoint and fires a Deferred with
// it once connectionMade has run (Twisted's endpoints.connectProtocol): no factory to write.
// Tests: tests/net/protocols/connect_protocol_test.cpp
#pragma once

#include <memory>

#include "net/core/deferred.h"
#include "net/core/endpoint.h"
#include "net/core/protocol.h"
#include "net/core/reactor.h"

namespace weft::net {

// The reactor keeps the connection (and the protocol) until it closes; the pointer the Deferred
// gives is valid until the protocol's connectionLost returns. Failure reasons are the
// connector's: refused, timed out (the endpoint's timeout, default 30 s), resolve failed.
// Cancelling the Deferred stops the attempt.
Deferred<Protocol*> connectProtocol(Reactor& reactor, const Endpoint& endpoint,
                                    std::unique_ptr<Protocol> protocol);

template <typename P>
Deferred<P*> connectProtocol(Reactor& reactor, const Endpoint& endpoint,
                             std::unique_ptr<P> protocol) {
  return connectProtocol(reactor, endpoint, std::unique_ptr<Protocol>(std::move(protocol)))
      .then([](Protocol* p) { return static_cast<P*>(p); });
}

}  // namespace weft::net
