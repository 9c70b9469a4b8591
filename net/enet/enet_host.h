// EnetHost: one ENet host (one UDP socket and its peers) inside the reactor. Its socket joins the
// poll set; each serve drains enet_host_service until nothing is left (capped per pump, the rest
// next pump); sends are flushed at the end of the dispatch (at once outside one); a service tick
// runs ENet's resends, pings and timeouts while it has peers, and never when idle, so an idle
// host costs a pump nothing. With a batch interval, a datagram arriving sooner than that after
// the last service waits in the socket (the host stops watching it) until the interval is up.
// What a host does with peers that are not connections yet is its role's: EnetServerHost
// accepts them through a ServerFactory, EnetDialHost carries one dialled peer for a Connector.
// Internal. Tests: tests/net/enet/
#pragma once

#include <enet/enet.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "net/core/detail/event_loop.h"
#include "net/core/port.h"
#include "net/core/scheduler.h"
#include "net/enet/enet_config.h"
#include "net/enet/unique_enet_host.h"

namespace weft::net {
class Reactor;
}  // namespace weft::net

namespace weft::net::detail {

class EnetConnection;

class EnetHost : public IoHandle {
 public:
  ~EnetHost() override;

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
  // For connections: the bytes ENet holds of `peer`'s packets, and counting a new one.
  std::size_t heldBytes(const ENetPeer* peer) const {
    return host_.ledger().held(host_.slotOf(peer));
  }
  void track(ENetPacket* packet, const ENetPeer* peer) {
    host_.ledger().track(packet, host_.slotOf(peer));
  }

  // IoHandle
  void onReadable() override;
  void flush() override;
  void onLoopShutdown() override;

 protected:
  // `watchedFd`: a duplicate of the host's socket for the loop (see duplicateSocket).
  EnetHost(Reactor& reactor, UniqueEnetHost host, int watchedFd, Duration batch);

  // The descriptor the loop watches: its own duplicate, since the loop closes what it watches
  // when it lets go of a handle while ENet closes its socket in enet_host_destroy.
  static Result<int> duplicateSocket(const UniqueEnetHost& host);
  // Registers `host` with its reactor's loop, which owns it from then on.
  static Result<EnetHost*> registerHost(Reactor& reactor, std::unique_ptr<EnetHost> host);

  // The role's part. ENet's CONNECT for a peer that is no connection yet.
  virtual void peerConnected(ENetPeer* peer) = 0;
  // ENet's DISCONNECT for a peer that is no connection (yet, or any more), with its data.
  virtual void peerDisconnected(ENetPeer* peer, std::uint32_t wireCode) = 0;
  // A plausible datagram to ENet's connect id, before ENet parses it (inside its service):
  // whether ENet may have it. The sender is `from`.
  virtual bool connectArrived(std::span<const std::uint8_t> /*datagram*/,
                              const ENetAddress& /*from*/) {
    return true;
  }
  // Each service, before ENet's: the role's own housekeeping (at serviceTime()).
  virtual void serviceStarting() {}
  // Whether the host stays open without connections (a server still listening, a dial on).
  virtual bool keepsOpen() const = 0;
  // The loop is shutting down: let go of what is not a connection yet.
  virtual void roleShutdown() {}

  // For roles: the longest message a peer may send (enet_message_limit.h); a peer sending a
  // longer one has its connection closed with MessageTooLarge, naming `setting`.
  void limitMessages(std::size_t maxMessageBytes, std::string_view setting);
  // For roles: a new connection on `peer`, owned by the host.
  EnetConnection& adopt(std::unique_ptr<EnetConnection> connection);
  // Gracefully, so the refusal arrives even over a lossy link: the client reads the code.
  void refuse(ENetPeer* peer, ReasonCode code);
  void closeIfUnused();
  std::size_t connectionCount() const { return connections_.size(); }
  ENetHost* enet() const { return host_.get(); }
  ListenerCounters& counters() { return counters_; }
  const EnetConfig& config() const { return config_; }
  // When the current (or last) service began: the time of everything it handles.
  TimePoint serviceTime() const { return lastService_; }

 private:
  static int intercept(ENetHost* host, ENetEvent* event);

  void service();
  void handle(ENetEvent& event);
  void serviceWhenBatchDue();
  void armTick();
  void onTick();
  Duration tickInterval() const;
  bool hasActivePeers() const;

  Reactor& reactor_;
  UniqueEnetHost host_;
  const EnetConfig config_;  // the reactor's, read once (ReactorConfig::transports)
  std::vector<std::unique_ptr<EnetConnection>> connections_;
  std::vector<std::unique_ptr<EnetConnection>> retired_;
  std::vector<EnetConnection*> closing_;
  std::vector<EnetConnection*> resumed_;
  std::vector<EnetConnection*> draining_;  // with a paused producer
  ListenerCounters counters_;  // datagrams failing EnetDatagramCheck or truncated; refusals
  ScopedCall tick_;
  std::string_view limitSetting_;  // where the message limit came from, for reasons
  Duration batch_;
  ScopedCall batchDue_;
  bool unwatched_ = false;  // the socket waits for batchDue_, out of the poll set's interest
  TimePoint lastService_{};
  bool unsent_ = false;   // sends queued in this dispatch that no service call has sent yet
  bool backlog_ = false;  // the last service stopped at the per-pump cap with events left
  bool shuttingDown_ = false;
};

}  // namespace weft::net::detail
