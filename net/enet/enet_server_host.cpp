#include "net/enet/enet_server_host.h"

#include <algorithm>
#include <optional>

#include "net/core/factory.h"
#include "net/core/message_transport.h"
#include "net/core/reactor.h"
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
  const EnetHandshakeLimits limits = reactor.config().transports.get<EnetConfig>().handshakes;
  const std::size_t slots =
      std::min<std::size_t>(peers + limits.maxInProgress, ENET_PROTOCOL_MAXIMUM_PEER_ID);
  auto enet =
      UniqueEnetHost::create(&*bind, {.peers = slots,
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
      maxConnections_(maxConnections),
      guard_(*enet(), config().handshakes) {
  limitMessages(factory.maxMessageBytes(), "ServerFactory::maxMessageBytes");
}

void EnetServerHost::stopListening() {
  factory_ = nullptr;
  closeIfUnused();
}

bool EnetServerHost::connectArrived(std::span<const std::uint8_t> datagram,
                                    const ENetAddress& from) {
  const std::optional<EnetConnectRequest> request = readEnetConnect(datagram, from);
  if (!request) return true;  // ENet finds no CONNECT to act on either
  const bool closed = factory_ == nullptr || connectionCount() >= maxConnections_;
  const ConnectDecision decision = guard_.admit(*request, closed, serviceTime());
  if (decision.pushedOut) ++counters().handshakesPushedOut;
  switch (decision.verdict) {
    case ConnectVerdict::Pass:
      return true;
    case ConnectVerdict::Defer:
      ++counters().handshakesDeferred;
      return false;
    case ConnectVerdict::Drop:
      ++counters().connectionsRefused;
      return false;
    case ConnectVerdict::Refuse:
      break;
  }
  ++counters().connectionsRefused;
  const ReasonCode code = factory_ != nullptr ? ReasonCode::ServerFull : ReasonCode::ShuttingDown;
  const auto refusal = enetRefusal(*request, toWireCode(code));
  ENetBuffer buffer{};
  buffer.data = const_cast<std::uint8_t*>(refusal.data());  // ENet's buffer is not const
  buffer.dataLength = refusal.size();
  // One datagram, not resent: a client that misses it resends its CONNECT and is answered again.
  enet_socket_send(enet()->socket, &from, &buffer, 1);
  return false;
}

void EnetServerHost::serviceStarting() {
  counters().handshakesTimedOut += guard_.expire(serviceTime());
  guard_.trim();
}

void EnetServerHost::peerConnected(ENetPeer* peer) {
  // Newcomers to a full or closed server are refused at their CONNECT (connectArrived); these
  // are handshakes that were under way when the last place went.
  if (factory_ == nullptr) return refuse(peer, ReasonCode::ShuttingDown);
  if (connectionCount() >= maxConnections_) return refuse(peer, ReasonCode::ServerFull);
  std::unique_ptr<Protocol> protocol =
      buildServerProtocol(loop_.logger(), *factory_, toAddress(peer->address));
  if (!protocol) return refuse(peer, ReasonCode::RefusedByFactory);
  adopt(std::make_unique<EnetConnection>(*this, peer, std::move(protocol), nullptr)).start();
}

}  // namespace weft::net::detail
