#include "net/enet/enet_dial_host.h"

#include <unistd.h>

#include <optional>

#include "net/core/detail/reactor_access.h"
#include "net/core/message_receiver.h"
#include "net/core/message_transport.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_address.h"
#include "net/enet/enet_connection.h"
#include "net/enet/enet_endpoint.h"

namespace weft::net::detail {

namespace {

constexpr std::string_view kLimitSetting = "MessageProtocolConfig::maxMessageBytes";

class EnetDial final : public DialAttempt {
 public:
  EnetDial(EventLoop& loop, HandleId host) : loop_(loop), host_(host) {}
  ~EnetDial() override {
    if (EnetDialHost* host = find()) host->abandon();
  }

  Connection* establish(std::unique_ptr<Protocol> protocol, ConnectionObserver* observer) override {
    EnetDialHost* host = find();
    host_ = 0;  // the host now belongs to the connection
    return host != nullptr ? host->establish(std::move(protocol), observer) : nullptr;
  }

 private:
  EnetDialHost* find() const {
    return host_ != 0 ? static_cast<EnetDialHost*>(loop_.find(host_)) : nullptr;
  }

  EventLoop& loop_;
  HandleId host_;
};

}  // namespace

DialStart EnetDialHost::dial(Reactor& reactor, const Endpoint& endpoint, const Address& address,
                             DialDone done) {
  std::optional<ENetAddress> to = toEnetAddress(address);
  if (!to) {
    return {nullptr,
            Reason{ReasonCode::SocketError, strCat(address.toString(), ": ENet speaks IPv4 only")}};
  }
  const EnetOptions options = enetOptions(endpoint);
  const auto channels = static_cast<std::size_t>(options.channels);
  auto enet = UniqueEnetHost::create(nullptr, {.peers = 1,
                                               .channels = channels,
                                               .bandwidthIn = options.bandwidthIn,
                                               .bandwidthOut = options.bandwidthOut});
  if (!enet) return {nullptr, Reason{ReasonCode::SocketError, enet.error().message}};
  auto watched = duplicateSocket(*enet);
  if (!watched) return {nullptr, Reason{ReasonCode::SocketError, watched.error().message}};
  ENetPeer* peer = enet_host_connect(enet->get(), &*to, channels, 0);
  if (peer == nullptr) {
    ::close(*watched);
    return {nullptr, Reason{ReasonCode::SocketError, "ENet has no free peer to connect with"}};
  }
  auto host =
      registerHost(reactor, std::unique_ptr<EnetHost>(new EnetDialHost(
                                reactor, std::move(*enet), *watched, peer, std::move(done))));
  if (!host) return {nullptr, Reason{ReasonCode::SocketError, host.error().message}};
  (*host)->sendSoon();
  return {std::make_unique<EnetDial>(ReactorAccess::loop(reactor), (*host)->id()), {}};
}

EnetDialHost::EnetDialHost(Reactor& reactor, UniqueEnetHost host, int watchedFd, ENetPeer* peer,
                           DialDone done)
    : EnetHost(reactor, std::move(host), watchedFd, Duration::zero()),
      dialled_(peer),
      done_(std::move(done)) {
  limitMessages(kDefaultMaxMessageBytes, kLimitSetting);  // until a protocol says its own
}

EnetConnection* EnetDialHost::establish(std::unique_ptr<Protocol> protocol,
                                        ConnectionObserver* observer) {
  if (dialled_ == nullptr) return nullptr;
  // One peer: the host's limit is the connection's. Nothing arrives before this (the server
  // sends only once it has our acknowledgement of its verify).
  if (const auto* receiver = dynamic_cast<const MessageReceiver*>(protocol.get())) {
    limitMessages(receiver->maxMessageBytes(), kLimitSetting);
  }
  return &adopt(std::make_unique<EnetConnection>(*this, std::exchange(dialled_, nullptr),
                                                 std::move(protocol), observer));
}

void EnetDialHost::abandon() {
  done_ = {};
  if (ENetPeer* peer = std::exchange(dialled_, nullptr)) {
    // Tells a server that already answered; a peer still connecting is simply forgotten.
    enet_peer_disconnect_now(peer, toWireCode(ReasonCode::Cancelled));
  }
  closeIfUnused();
}

void EnetDialHost::peerConnected(ENetPeer* peer) {
  if (peer != dialled_) return refuse(peer, ReasonCode::ShuttingDown);  // nobody dialled it
  auto done = std::move(done_);
  if (done) done(std::nullopt);  // the Connector establishes or abandons
}

void EnetDialHost::peerDisconnected(ENetPeer* peer, std::uint32_t wireCode) {
  if (peer != dialled_) return;
  dialled_ = nullptr;
  auto done = std::move(done_);
  if (!done) return;
  const std::string at = toAddress(peer->address).toString();
  // ENet's data 0: it gave up; any other: the server refused at once, saying why.
  if (wireCode == 0) return done(Reason::timedOut(strCat("no ENet server answered at ", at)));
  done(Reason{fromWireCode(wireCode), strCat("refused by the ENet server at ", at)});
}

void EnetDialHost::roleShutdown() {
  done_ = {};
  if (ENetPeer* peer = std::exchange(dialled_, nullptr)) {
    enet_peer_disconnect_now(peer, toWireCode(ReasonCode::ShuttingDown));
  }
}

}  // namespace weft::net::detail
