// Port: a listening TCP, Unix or ENet socket as an RAII handle — destroying it stops listening (and
// runs the factory's stopFactory if it was the last port); accepted connections stay open.
// Tests: tests/net/core/listener_test.cpp
#pragma once

#include <string>

#include "net/core/address.h"
#include "net/core/endpoint.h"
#include "net/core/detail/event_loop.h"
#include "net/core/reactor.h"

namespace weft::net {

class Reactor;
class ServerFactory;

class Port final : private detail::ReactorHandle {
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
  Port(Reactor& reactor, Endpoint endpoint, ServerFactory& factory, Address address,
       detail::HandleId listener);
  void detach() override;

  Reactor* reactor_;
  Endpoint endpoint_;
  ServerFactory& factory_;
  Address address_;
  detail::HandleId listener_;
  bool listening_ = true;
};

}  // namespace weft::net
