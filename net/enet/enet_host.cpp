#include "net/enet/enet_host.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "net/core/assert.h"
#include "net/core/detail/reactor_access.h"
#include "net/core/message_transport.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_address.h"
#include "net/enet/enet_connection.h"
#include "net/enet/enet_datagram_check.h"
#include "net/enet/enet_message_limit.h"

namespace weft::net::detail {

namespace {
// ENet's intercept callback gets no user pointer: the host being serviced is recorded here.
thread_local EnetHost* servicing = nullptr;
}  // namespace

Result<int> EnetHost::duplicateSocket(const UniqueEnetHost& host) {
  const int watched = ::fcntl(host->socket, F_DUPFD_CLOEXEC, 0);
  if (watched < 0) return Error{strCat("cannot watch an ENet host: ", std::strerror(errno))};
  return watched;
}

Result<EnetHost*> EnetHost::registerHost(Reactor& reactor, std::unique_ptr<EnetHost> host) {
  EnetHost* raw = host.get();
  auto id = ReactorAccess::loop(reactor).add(std::move(host), Interest::Read);
  if (!id) return id.error();
  return raw;
}

EnetHost::EnetHost(Reactor& reactor, UniqueEnetHost host, int watchedFd, Duration batch)
    : IoHandle(ReactorAccess::loop(reactor), watchedFd),
      reactor_(reactor),
      host_(std::move(host)),
      config_(reactor.config().transports.get<EnetConfig>()),
      batch_(batch) {
  WEFT_ASSERT(config_.eventsPerPump > 0 && config_.serviceInterval > Duration::zero(),
              "EnetConfig: eventsPerPump and serviceInterval must be above zero");
  host_->intercept = &EnetHost::intercept;
}

EnetHost::~EnetHost() {
  // Normally empty by now: a host goes when its last connection does. No role hook runs from
  // here on (closeIfUnused stops at shuttingDown_): the role's part of the object is gone.
  shuttingDown_ = true;
  while (!connections_.empty()) {
    connections_.back()->hostClosing({ReasonCode::ShuttingDown, "the ENet host closed"});
  }
  retired_.clear();
  // host_ goes next, as a member: ENet frees every packet it still holds, and their callbacks
  // count down host_'s own ledger, which outlives them (see UniqueEnetHost).
}

void EnetHost::onReadable() {
  // Held messages of a resumed connection, and a backlog past the per-pump cap, are served at
  // once: they were already received. Only new datagrams wait for the batch.
  if (batch_ > Duration::zero() && resumed_.empty() && !backlog_) {
    const Duration since = reactor_.clock().now() - lastService_;
    if (since < batch_) return serviceWhenBatchDue();
  }
  service();
}

// The socket stays readable while datagrams wait in it: the host stops watching it until the
// batch is due, then serves everything that arrived meanwhile in one pass.
void EnetHost::serviceWhenBatchDue() {
  if (unwatched_) return;
  unwatched_ = true;
  loop_.setInterest(id(), Interest::None);
  const Duration wait = batch_ - (reactor_.clock().now() - lastService_);
  batchDue_ = reactor_.callLater(wait, [this] { service(); });
}

Address EnetHost::address() const {
  ENetAddress bound{};
  enet_socket_get_address(host_->socket, &bound);
  return toAddress(bound);
}

void EnetHost::sendSoon() {
  if (loop_.dispatching()) {
    if (!std::exchange(unsent_, true)) loop_.requestFlush(id());  // once per dispatch
  } else if (fd_ >= 0) {
    // Outside a dispatch (a game's update) nothing would batch with this send: send it now.
    enet_host_flush(host_.get());
  }
  armTick();
}

EnetConnection& EnetHost::adopt(std::unique_ptr<EnetConnection> connection) {
  return *connections_.emplace_back(std::move(connection));
}

void EnetHost::retire(EnetConnection* connection) {
  for (auto& owned : connections_) {
    if (owned.get() != connection) continue;
    retired_.push_back(std::move(owned));
    owned = std::move(connections_.back());
    connections_.pop_back();
    break;
  }
  std::erase(resumed_, connection);
  std::erase(draining_, connection);
  loop_.requestFlush(id());  // destroyed at the end of the dispatch, off every callback's stack
  closeIfUnused();
}

void EnetHost::resumeDelivery(EnetConnection* connection) {
  resumed_.push_back(connection);
  loop_.markReady(id());
}

void EnetHost::closeIfUnused() {
  if (fd_ < 0 || shuttingDown_ || !connections_.empty() || keepsOpen()) return;
  loop_.release(id());
}

void EnetHost::refuse(ENetPeer* peer, ReasonCode code) {
  ++counters_.connectionsRefused;
  enet_peer_disconnect(peer, toWireCode(code));
  sendSoon();
}

int EnetHost::intercept(ENetHost* host, ENetEvent*) {
  EnetHost* self = servicing;
  if (self == nullptr || self->host_.get() != host) return 0;
  const std::span<const std::uint8_t> datagram(host->receivedData, host->receivedDataLength);
  EnetPeerSlot slot;
  EnetConnection* connection = nullptr;
  if (const auto id = enetDatagramPeer(datagram); id && *id < host->peerCount) {
    const ENetPeer& peer = host->peers[*id];
    connection = static_cast<EnetConnection*>(peer.data);
    const ENetAddress& from = host->receivedAddress;
    slot.live = peer.state != ENET_PEER_STATE_DISCONNECTED && peer.state != ENET_PEER_STATE_ZOMBIE;
    slot.addressMatches = peer.address.host == from.host && peer.address.port == from.port;
    slot.checkSession = peer.outgoingPeerID < ENET_PROTOCOL_MAXIMUM_PEER_ID;
    slot.session = peer.incomingSessionID;
    slot.channelCount = peer.channelCount;
  }
  const auto verdict = checkEnetDatagram(datagram, host->peerCount, slot);
  if (verdict != EnetDatagramVerdict::Plausible) {
    ++self->counters_.datagramsDropped;
    return 1;  // swallowed: ENet never sees it
  }
  // ENet itself refuses the message (maximumPacketSize); the rest of the datagram (the
  // acknowledgements a closing connection waits for) still reaches it.
  if (connection != nullptr) {
    if (auto size = oversizedEnetMessage(datagram, host->maximumPacketSize)) {
      connection->messageTooLarge(*size, host->maximumPacketSize, self->limitSetting_);
    }
  } else if (!enetDatagramPeer(datagram) &&
             !self->connectArrived(datagram, host->receivedAddress)) {
    return 1;  // the role answered it, or let it go
  }
  return 0;
}

void EnetHost::limitMessages(std::size_t maxMessageBytes, std::string_view setting) {
  limitEnetMessages(*host_.get(), maxMessageBytes);
  limitSetting_ = setting;
}

void EnetHost::service() {
  if (fd_ < 0) return;
  // Messages held while their connection's reading was paused go first, in order.
  for (auto resumed = std::exchange(resumed_, {}); EnetConnection * connection : resumed) {
    connection->deliverHeld();
    if (fd_ < 0) return;
  }
  // Whatever asked for this service (the batch coming due, a tick, a resumed connection), it
  // reads the socket: from here the socket is watched again.
  if (unwatched_) {
    unwatched_ = false;
    batchDue_.cancel();
    loop_.setInterest(id(), Interest::Read);
  }
  lastService_ = reactor_.clock().now();
  backlog_ = false;
  serviceStarting();
  EnetHost* outer = std::exchange(servicing, this);
  const int cap = config_.eventsPerPump;
  ENetEvent event;
  for (int handled = 0; fd_ >= 0; ++handled) {
    if (handled == cap) {
      backlog_ = true;
      loop_.markReady(id());  // ENet may hold more events than the socket shows: come back
      break;
    }
    const int result = enet_host_service(host_.get(), &event, 0);
    if (result == 0) {
      unsent_ = false;  // the call that found nothing more also sent everything queued
      break;
    }
    if (result < 0) {
      ++counters_.datagramsDropped;  // a datagram longer than ENet's buffer (truncated)
      continue;
    }
    handle(event);
  }
  servicing = outer;
  if (fd_ < 0) return;
  // A resumed producer may close connections: each is asked once, from a copy of the list.
  for (auto waiting = std::exchange(draining_, {}); EnetConnection * connection : waiting) {
    connection->resumeProducerIfDrained();
    if (fd_ < 0) return;
  }
  armTick();
}

void EnetHost::handle(ENetEvent& event) {
  auto* connection = static_cast<EnetConnection*>(event.peer->data);
  switch (event.type) {
    case ENET_EVENT_TYPE_CONNECT:
      if (connection == nullptr) peerConnected(event.peer);
      return;
    case ENET_EVENT_TYPE_RECEIVE:
      if (connection != nullptr) {
        connection->received(event.channelID, event.packet);
      } else {
        enet_packet_destroy(event.packet);
      }
      return;
    case ENET_EVENT_TYPE_DISCONNECT:
      if (connection != nullptr) {
        connection->peerGone(event.data);
      } else {
        peerDisconnected(event.peer, event.data);
      }
      return;
    case ENET_EVENT_TYPE_NONE:
      return;
  }
}

bool EnetHost::hasActivePeers() const {
  for (std::size_t i = 0; i < host_->peerCount; ++i) {
    if (host_->peers[i].state != ENET_PEER_STATE_DISCONNECTED) return true;
  }
  return false;
}

void EnetHost::armTick() {
  if (fd_ < 0 || tick_.active() || !hasActivePeers()) return;
  tick_ = reactor_.callLater(tickInterval(), [this] { onTick(); });
}

// A batching host is serviced once per batch anyway; a tick sooner would break the batch up.
Duration EnetHost::tickInterval() const {
  return std::max(config_.serviceInterval, batch_);
}

// The tick stands in for traffic: a host its socket kept busy was serviced recently, and waits
// a whole interval from then rather than being serviced again for nothing.
void EnetHost::onTick() {
  const Duration interval = tickInterval();
  const Duration since = reactor_.clock().now() - lastService_;
  if (since < interval) {
    tick_ = reactor_.callLater(interval - since, [this] { onTick(); });
    return;
  }
  service();
}

void EnetHost::watchForDrain(EnetConnection* connection) {
  if (std::find(draining_.begin(), draining_.end(), connection) == draining_.end()) {
    draining_.push_back(connection);
  }
}

void EnetHost::flush() {
  for (auto closing = std::exchange(closing_, {}); EnetConnection * connection : closing) {
    connection->finishPendingClose();
  }
  // Usually this host's own service already sent what its callbacks queued; only sends from
  // elsewhere in the dispatch (a timer, another socket's callback) are left.
  if (fd_ >= 0 && unsent_) enet_host_flush(host_.get());
  unsent_ = false;
  retired_.clear();
}

void EnetHost::onLoopShutdown() {
  const Reason reason{ReasonCode::ShuttingDown, "the reactor is shutting down"};
  shuttingDown_ = true;  // the loop destroys this host itself
  while (!connections_.empty()) connections_.back()->hostClosing(reason);  // each retires itself
  roleShutdown();
  enet_host_flush(host_.get());  // the goodbyes go out before the socket closes
}

}  // namespace weft::net::detail
