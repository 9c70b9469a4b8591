// EnetHost: one ENet host (one UDP socket and its peers) inside the reactor. Its socket joins the
// poll set; each serve drains enet_host_service until nothing is left (capped per pump, the rest
// next pump); sends are flushed at the end of the dispatch (at once outside one); a service tick
// runs ENet's resends, pings and timeouts while it has peers, and never when idle, so an idle
// host costs a pump nothing. With a batch interval, a datagram arriving sooner than that after
// the last service waits in the socket (the host stops watching it) until the interval is up.
// A server host accepts through a ServerFactory; a client host carries one dialled peer for a
// Connector. Internal. Tests: tests/net/enet/
#pragma once

#include <enet/enet.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "net/core/detail/connection.h"
#include "net/core/detail/endpoint_transport.h"
#include "net/core/detail/event_loop.h"
#include "net/core/endpoint.h"
#include "net/core/port.h"
#include "net/core/scheduler.h"
#include "net/enet/enet_config.h"
#include "net/enet/enet_library.h"

namespace weft::net {
class Reactor;
class ServerFactory;
}  // namespace weft::net

namespace weft::net::detail {

class EnetConnection;

struct EnetHostSettings {
  std::size_t peers = 1;  // ENet peer slots
  std::size_t channels = 1;
  std::uint32_t bandwidthIn = 0;
  std::uint32_t bandwidthOut = 0;
  // Serve at most once per this long (EnetOptions::batch); zero: as datagrams arrive.
  Duration batch{};
};

class EnetHost final : public IoHandle {
 public:
  // A host bound to `bind` (null: an ephemeral client socket), registered with the reactor.
  static Result<EnetHost*> open(Reactor& reactor, const ENetAddress* bind,
                                EnetHostSettings settings);
  ~EnetHost() override;

  // Server role: accept up to `maxConnections` (one more slot is kept to tell a latecomer
  // "server full" instead of leaving it to time out).
  void serve(ServerFactory& factory, std::size_t maxConnections);
  // The Port stopped listening: refuse newcomers; the host goes when its last connection does.
  void stopListening() override;

  // Client role: connect the host's one peer; `done` hears the outcome.
  Result<void> dial(const ENetAddress& address, std::size_t channels, DialDone done);
  // The dial succeeded: the peer becomes a connection (see DialAttempt::establish).
  EnetConnection* establishDialled(std::unique_ptr<Protocol> protocol,
                                   ConnectionObserver* observer);
  // The Connector gave up: forget the peer and close the host.
  void abandonDial();

  Reactor& reactor() { return reactor_; }
  ListenerCounters listenerCounters() const override { return counters_; }
  Address address() const;

  // For connections: send what ENet queued (now, or at the end of this dispatch).
  void sendSoon();
  // For connections: finish `connection`'s pending close at the end of this dispatch.
  void closeSoon(EnetConnection* connection) {
    closing_.push_back(connection);
    loop_.requestFlush(id());
  }
  // For connections: deliver what `connection` held while paused, from the next serve.
  void resumeDelivery(EnetConnection* connection);
  // For connections: `connection`'s producer is paused; each serve checks whether ENet's
  // acknowledgements drained it enough to resume.
  void watchForDrain(EnetConnection* connection);
  // For connections: the connection is closed; destroy it after this dispatch.
  void retire(EnetConnection* connection);
  // Bytes of a peer slot's packets that ENet still holds (queued, or sent but not acknowledged).
  std::size_t& heldBytes(ENetPeer* peer) {
    return heldBytes_[static_cast<std::size_t>(peer - host_->peers)];
  }

  // IoHandle
  void onReadable() override;
  void flush() override;
  void onLoopShutdown() override;

 private:
  EnetHost(Reactor& reactor, int watchedFd, ENetHost* host, EnetLibrary library, Duration batch);
  static int intercept(ENetHost* host, ENetEvent* event);

  void service();
  void handle(ENetEvent& event);
  void accept(ENetPeer* peer);
  void refuse(ENetPeer* peer, ReasonCode code);
  void serviceWhenBatchDue();
  void armTick();
  void onTick();
  Duration tickInterval() const;
  bool hasActivePeers() const;
  void closeIfUnused();

  Reactor& reactor_;
  const EnetConfig config_;  // the reactor's, read once (ReactorConfig::transports)
  EnetLibrary library_;  // keeps ENet initialized while this host lives
  ENetHost* host_;
  std::vector<std::size_t> heldBytes_;  // per peer slot; outlives host_ (see the destructor)
  std::vector<std::unique_ptr<EnetConnection>> connections_;
  std::vector<std::unique_ptr<EnetConnection>> retired_;
  std::vector<EnetConnection*> closing_;
  std::vector<EnetConnection*> resumed_;
  std::vector<EnetConnection*> draining_;  // with a paused producer
  ListenerCounters counters_;  // datagrams failing EnetDatagramCheck or truncated; refusals
  ScopedCall tick_;
  Duration batch_;
  ScopedCall batchDue_;
  bool unwatched_ = false;  // the socket waits for batchDue_, out of the poll set's interest
  TimePoint lastService_{};
  bool unsent_ = false;   // sends queued in this dispatch that no service call has sent yet
  bool backlog_ = false;  // the last service stopped at the per-pump cap with events left
  // Server role.
  ServerFactory* factory_ = nullptr;
  std::size_t maxConnections_ = 0;
  bool accepting_ = false;
  // Client role.
  ENetPeer* dialled_ = nullptr;
  DialDone dialDone_;
  bool client_ = false;
  bool shuttingDown_ = false;
};

// kEnetKind's EndpointTransport hooks (net/enet/enet_dial.cpp): a server host for `endpoint`
// (enet:PORT...) accepting through `factory`, and a client host of its own for each dial.
Result<Listening> listenEnet(Reactor& reactor, const Endpoint& endpoint, ServerFactory& factory);
DialStart dialEnet(Reactor& reactor, const Endpoint& endpoint, const Address& address,
                   DialDone done);

}  // namespace weft::net::detail
