#include "net/enet/enet_server_host.h"

#include <optional>

#include "net/core/factory.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_address.h"
#include "net/enet/enet_connection.h"
#include "net/enet/enet_endpoint.h"

namespace weft::net::detail {

Result<Listening> EnetServerHost::listen(Reactor& reactor, const Endpoint& endpoint,
                                         ServerFactory& factory) {
  auto interface = Address::fromNumeric(endpoint.host, endpoint.port);
  if (!interface) return Error{strCat(endpoint.toString(), ": ", interface.error().message)};
  std::optional<ENetAddress> bind = toEnetAddress(*interface);
  if (!bind) return Error{strCat(endpoint.toString(), ": ENet speaks IPv4 only")};
  const EnetOptions options = enetOptions(endpoint);
  const auto peers = static_cast<std::size_t>(options.peers);
  auto enet =
      UniqueEnetHost::create(&*bind, {.peers = peers + 1,
                                      .channels = static_cast<std::size_t>(options.channels),
                                      .bandwidthIn = options.bandwidthIn,
                                      .bandwidthOut = options.bandwidthOut});
  if (!enet) return Error{strCat(endpoint.toString(), ": ", enet.error().message)};
  auto watched = duplicateSocket(*enet);
  if (!watched) return Error{strCat(endpoint.toString(), ": ", watched.error().message)};
  auto host = registerHost(
      reactor, std::unique_ptr<EnetHost>(new EnetServerHost(reactor, std::move(*enet), *watched,
                                                            options.batch, factory, peers)));
  if (!host) return Error{strCat(endpoint.toString(), ": ", host.error().message)};
  return Listening{(*host)->id(), (*host)->address()};
}

EnetServerHost::EnetServerHost(Reactor& reactor, UniqueEnetHost host, int watchedFd, Duration batch,
                               ServerFactory& factory, std::size_t maxConnections)
    : EnetHost(reactor, std::move(host), watchedFd, batch),
      factory_(&factory),
      maxConnections_(maxConnections) {
  limitMessages(factory.maxMessageBytes(), "ServerFactory::maxMessageBytes");
}

void EnetServerHost::stopListening() {
  factory_ = nullptr;
  closeIfUnused();
}

void EnetServerHost::peerConnected(ENetPeer* peer) {
  if (factory_ == nullptr) return refuse(peer, ReasonCode::ShuttingDown);
  if (connectionCount() >= maxConnections_) return refuse(peer, ReasonCode::ServerFull);
  std::unique_ptr<Protocol> protocol =
      buildServerProtocol(loop_.logger(), *factory_, toAddress(peer->address));
  if (!protocol) return refuse(peer, ReasonCode::RefusedByFactory);
  adopt(std::make_unique<EnetConnection>(*this, peer, std::move(protocol), nullptr)).start();
}

}  // namespace weft::net::detail
