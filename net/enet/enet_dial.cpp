// Dialing an ENet server: a client host of its own (one UDP socket, one peer) per connection,
// which closes with that connection. Tests: tests/net/enet/enet_connect_test.cpp
#include "net/core/detail/connection.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_address.h"
#include "net/enet/enet_connection.h"
#include "net/enet/enet_endpoint.h"
#include "net/enet/enet_host.h"

namespace weft::net::detail {

namespace {

class EnetDial final : public DialAttempt {
 public:
  EnetDial(EventLoop& loop, HandleId host) : loop_(loop), host_(host) {}
  ~EnetDial() override {
    if (EnetHost* host = find()) host->abandonDial();
  }

  Connection* establish(std::unique_ptr<Protocol> protocol, ConnectionObserver* observer) override {
    EnetHost* host = find();
    host_ = 0;  // the host now belongs to the connection
    return host != nullptr ? host->establishDialled(std::move(protocol), observer) : nullptr;
  }

 private:
  EnetHost* find() const { return host_ != 0 ? static_cast<EnetHost*>(loop_.find(host_)) : nullptr; }

  EventLoop& loop_;
  HandleId host_;
};

}  // namespace

DialStart dialEnet(Reactor& reactor, const Endpoint& endpoint, const Address& address,
                   DialDone done) {
  std::optional<ENetAddress> to = toEnetAddress(address);
  if (!to) {
    return {nullptr, Reason{ReasonCode::SocketError,
                            strCat(address.toString(), ": ENet speaks IPv4 only")}};
  }
  const EnetOptions options = enetOptions(endpoint);
  const auto channels = static_cast<std::size_t>(options.channels);
  auto host = EnetHost::open(reactor, nullptr,
                             {.peers = 1,
                              .channels = channels,
                              .bandwidthIn = options.bandwidthIn,
                              .bandwidthOut = options.bandwidthOut});
  if (!host) return {nullptr, Reason{ReasonCode::SocketError, host.error().message}};
  if (auto dialled = (*host)->dial(*to, channels, std::move(done)); !dialled) {
    ReactorAccess::loop(reactor).release((*host)->id());
    return {nullptr, Reason{ReasonCode::SocketError, dialled.error().message}};
  }
  return {std::make_unique<EnetDial>(ReactorAccess::loop(reactor), (*host)->id()), {}};
}

Result<Listening> listenEnet(Reactor& reactor, const Endpoint& endpoint, ServerFactory& factory) {
  auto interface = Address::fromNumeric(endpoint.host, endpoint.port);
  if (!interface) return Error{strCat(endpoint.toString(), ": ", interface.error().message)};
  std::optional<ENetAddress> bind = toEnetAddress(*interface);
  if (!bind) return Error{strCat(endpoint.toString(), ": ENet speaks IPv4 only")};
  const EnetOptions options = enetOptions(endpoint);
  const auto peers = static_cast<std::size_t>(options.peers);
  // One slot more than the limit: a latecomer is answered "server full" instead of ignored.
  auto host = EnetHost::open(reactor, &*bind,
                             {.peers = peers + 1,
                              .channels = static_cast<std::size_t>(options.channels),
                              .bandwidthIn = options.bandwidthIn,
                              .bandwidthOut = options.bandwidthOut,
                              .batch = options.batch});
  if (!host) return Error{strCat(endpoint.toString(), ": ", host.error().message)};
  (*host)->serve(factory, peers);
  return Listening{(*host)->id(), (*host)->address()};
}

}  // namespace weft::net::detail
