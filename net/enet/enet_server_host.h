// EnetServerHost: the server role of an ENet host, what an enet: Port listens with — it accepts
// newcomers through a ServerFactory up to its peer limit, tells the rest why not, keeps the
// handshakes in progress within the reactor's EnetHandshakeLimits (see EnetHandshakeGuard),
// and stays until its Port stops listening and its last connection is gone. Internal.
// Tests: tests/net/enet/enet_connect_test.cpp, tests/net/enet/enet_batch_test.cpp,
// tests/net/enet/enet_handshake_test.cpp
#pragma once

#include "net/core/detail/endpoint_transport.h"
#include "net/enet/enet_handshake_guard.h"
#include "net/enet/enet_host.h"

namespace weft::net {
class ServerFactory;
}

namespace weft::net::detail {

class EnetServerHost final : public EnetHost {
 public:
  // kEnetKind's listen: a host bound to `endpoint` (enet:PORT...), accepting through `factory`.
  static Result<Listening> listen(Reactor& reactor, const Endpoint& endpoint,
                                  ServerFactory& factory);

  // The Port stopped listening: refuse newcomers; the host goes when its last connection does.
  void stopListening() override;

 private:
  EnetServerHost(Reactor& reactor, UniqueEnetHost host, int watchedFd, Duration batch,
                 ServerFactory& factory, std::size_t maxConnections);

  void peerConnected(ENetPeer* peer) override;
  void peerDisconnected(ENetPeer*, std::uint32_t) override {}
  bool connectArrived(std::span<const std::uint8_t> datagram, const ENetAddress& from) override;
  void serviceStarting() override;
  bool keepsOpen() const override { return factory_ != nullptr; }

  ServerFactory* factory_;  // null once the Port stopped listening
  // The host has EnetHandshakeLimits::maxInProgress ENet peer slots beyond this, for
  // handshakes: a newcomer that finds the server full is refused before it takes one.
  std::size_t maxConnections_;
  EnetHandshakeGuard guard_;
};

}  // namespace weft::net::detail
