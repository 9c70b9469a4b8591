// EnetDialHost: the dialling role of an ENet host — a client host of its own (one UDP socket,
// one peer) for each attempt a Connector makes, whose peer becomes the connection and which
// closes with it. Internal. Tests: tests/net/enet/enet_connect_test.cpp
#pragma once

#include "net/core/detail/connection.h"
#include "net/enet/enet_host.h"

namespace weft::net::detail {

class EnetDialHost final : public EnetHost {
 public:
  // kEnetKind's dial: a new host connecting its one peer to `address`; `done` hears the outcome
  // from a later serve, and the DialAttempt returned establishes or abandons it.
  static DialStart dial(Reactor& reactor, const Endpoint& endpoint, const Address& address,
                        DialDone done);

  // The dial succeeded: the peer becomes a connection (see DialAttempt::establish).
  EnetConnection* establish(std::unique_ptr<Protocol> protocol, ConnectionObserver* observer);
  // The Connector gave up: forget the peer and close the host.
  void abandon();

 private:
  EnetDialHost(Reactor& reactor, UniqueEnetHost host, int watchedFd, ENetPeer* peer, DialDone done);

  void peerConnected(ENetPeer* peer) override;
  void peerDisconnected(ENetPeer* peer, std::uint32_t wireCode) override;
  bool keepsOpen() const override { return dialled_ != nullptr; }
  void roleShutdown() override;

  ENetPeer* dialled_ = nullptr;  // until it is established, abandoned or gone
  DialDone done_;
};

}  // namespace weft::net::detail
