// Port: a listening socket (TCP, Unix, ENet...) as an RAII handle — destroying it stops
// listening (and runs the factory's stopFactory if it was the last port); accepted connections
// stay open. Tests: tests/net/core/listener_test.cpp
#pragma once

#include <cstdint>
#include <memory>

#include "net/core/address.h"
#include "net/core/endpoint.h"

namespace weft::net {

class Reactor;
class ServerFactory;

namespace detail {
class ReactorLink;
}

// What a listening port dropped or refused since it opened (see Port::counters).
struct ListenerCounters {
  std::uint64_t datagramsDropped = 0;    // malformed, foreign or oversized datagrams
  std::uint64_t connectionsRefused = 0;  // server full, not accepting, or the factory said no
  // Handshakes never completed (ENet ports): dropped after the handshake timeout, or pushed
  // out for a newer one past the handshake limits. Forged CONNECTs end up here.
  std::uint64_t handshakesTimedOut = 0;
  std::uint64_t handshakesPushedOut = 0;
  // ENet CONNECTs left unanswered, their address at the handshake limit per address (a real
  // client sends its CONNECT again).
  std::uint64_t handshakesDeferred = 0;
};

class Port final {
 public:
  ~Port();
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  // Where it listens, with the port the system picked for "tcp:0".
  const Address& address() const { return address_; }
  const Endpoint& endpoint() const { return endpoint_; }
  bool listening() const { return listening_; }
  // What the port turned away (connections its factory refused; on ENet ports also junk
  // datagrams and full-server refusals), so an operator sees attacks and misconfigured clients.
  // Zero once the port stopped listening.
  ListenerCounters counters() const;
  void stopListening();

 private:
  friend class Reactor;
  // `listener`: the handle the endpoint's transport registered with the reactor's loop.
  Port(Reactor& reactor, Endpoint endpoint, ServerFactory& factory, Address address,
       std::uint64_t listener);

  std::unique_ptr<detail::ReactorLink> link_;  // null reactor once the reactor went first
  Endpoint endpoint_;
  ServerFactory& factory_;
  Address address_;
  std::uint64_t listener_;  // a detail::HandleId
  bool listening_ = true;
};

}  // namespace weft::net
