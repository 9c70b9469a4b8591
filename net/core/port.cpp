#include "net/core/port.h"

#include <type_traits>

#include "net/core/detail/endpoint_transport.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/detail/reactor_link.h"
#include "net/core/endpoint_kind.h"
#include "net/core/factory.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"

namespace weft::net {

// Every kind listens through its own transport's hook (net/core/stream_endpoints.cpp for tcp
// and unix, net/enet/ for enet); the Port it hands back is the same for all.
Result<std::unique_ptr<Port>> Reactor::listen(const Endpoint& endpoint, ServerFactory& factory) {
  if (endpoint.role != Endpoint::Role::Server) {
    return Error{strCat(endpoint.toString(), ": a client endpoint cannot listen; use tcp:PORT")};
  }
  const detail::EndpointTransport& transport = *endpoint.kind->transport;
  if (transport.listen == nullptr) {
    return Error{strCat(endpoint.toString(), ": ", transport.cannotListen)};
  }
  auto listening = transport.listen(*this, endpoint, factory);
  if (!listening) return listening.error();
  factory.doStart();
  return std::unique_ptr<Port>(
      new Port(*this, endpoint, factory, std::move(listening->address), listening->handle));
}

static_assert(std::is_same_v<detail::HandleId, std::uint64_t>, "Port keeps a HandleId");

Port::Port(Reactor& reactor, Endpoint endpoint, ServerFactory& factory, Address address,
           std::uint64_t listener)
    : link_(std::make_unique<detail::ReactorLink>(reactor, [this] { stopListening(); })),
      endpoint_(std::move(endpoint)),
      factory_(factory),
      address_(std::move(address)),
      listener_(listener) {}

Port::~Port() {
  stopListening();
}

void Port::stopListening() {
  Reactor* reactor = link_->reactor();
  if (!listening_ || reactor == nullptr) return;
  listening_ = false;
  if (detail::IoHandle* listener = detail::ReactorAccess::loop(*reactor).find(listener_)) {
    listener->stopListening();
  }
  factory_.doStop();
}

ListenerCounters Port::counters() const {
  Reactor* reactor = link_->reactor();
  if (!listening_ || reactor == nullptr) return {};
  const detail::IoHandle* listener = detail::ReactorAccess::loop(*reactor).find(listener_);
  return listener != nullptr ? listener->listenerCounters() : ListenerCounters{};
}

}  // namespace weft::net
