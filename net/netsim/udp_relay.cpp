#include "net/netsim/udp_relay.h"

#include <random>

#include "net/core/str_cat.h"
#include "net/udp/udp_endpoint.h"

namespace weft::net {

std::string UdpRelayCounters::summary() const {
  return strCat("clients ", clients, " delayed ", delayed, " received ", received, " forwarded ", forwarded, " dropped ",
                dropped, " duplicated ", duplicated, " oversized ", oversized, " refused ", refused,
                " expired ", expired);
}

// The public port: every client's datagrams arrive here, and the target's answers leave here.
class UdpRelay::Listener final : public DatagramProtocol {
 public:
  explicit Listener(UdpRelay& relay) : relay_(relay) {}
  void datagramReceived(std::string_view data, const Address& from) override {
    relay_.fromClient(data, from);
  }

 private:
  UdpRelay& relay_;
};

// One client's own socket towards the target, connected to it, so only its answers come back.
class UdpRelay::Upstream final : public DatagramProtocol {
 public:
  Upstream(UdpRelay& relay, std::uint64_t client) : relay_(relay), client_(client) {}
  void datagramReceived(std::string_view data, const Address&) override {
    relay_.fromTarget(client_, data);
  }

 private:
  UdpRelay& relay_;
  std::uint64_t client_;
};

struct UdpRelay::Client {
  Address address;
  ImpairmentModel toTarget;
  ImpairmentModel toClient;
  std::unique_ptr<Upstream> protocol;  // declared before its port: outlives it
  std::unique_ptr<UdpPort> port;
  TimePoint lastActive;
};

Result<std::unique_ptr<UdpRelay>> UdpRelay::start(Reactor& reactor, UdpRelayConfig config) {
  if (auto ok = config.toTarget.validate(); !ok) return Error{strCat("toward the target: ", ok.error().message)};
  if (auto ok = config.toClient.validate(); !ok) return Error{strCat("toward the client: ", ok.error().message)};
  if (config.target.family() != Address::Family::IPv4 && config.target.family() != Address::Family::IPv6) {
    return Error{strCat("the relay's target ", config.target.toString(), " is not an IP address")};
  }
  std::uint64_t seed = 0;
  if (config.seed) {
    seed = *config.seed;
  } else {
    std::random_device device;
    seed = (std::uint64_t{device()} << 32) ^ device();
  }
  std::unique_ptr<UdpRelay> relay(new UdpRelay(reactor, std::move(config), seed));
  auto port = listenUdp(reactor, relay->config_.listen, *relay->listener_);
  if (!port) return port.error();
  relay->port_ = std::move(*port);
  return relay;
}

UdpRelay::UdpRelay(Reactor& reactor, UdpRelayConfig config, std::uint64_t seed)
    : reactor_(reactor),
      config_(std::move(config)),
      seed_(seed),
      seedSpread_(seed),
      listener_(std::make_unique<Listener>(*this)) {}

UdpRelay::~UdpRelay() {
  deliveryCall_.cancel();
  expiryCall_.cancel();
  clients_.clear();  // closes the upstream sockets
  port_.reset();
}

Result<void> UdpRelay::setConditions(const LinkConditions& toTarget, const LinkConditions& toClient) {
  if (auto ok = toTarget.validate(); !ok) return Error{strCat("toward the target: ", ok.error().message)};
  if (auto ok = toClient.validate(); !ok) return Error{strCat("toward the client: ", ok.error().message)};
  config_.toTarget = toTarget;
  config_.toClient = toClient;
  for (auto& [id, client] : clients_) {
    client->toTarget.setConditions(toTarget);
    client->toClient.setConditions(toClient);
  }
  return {};
}

UdpRelayCounters UdpRelay::counters() const {
  UdpRelayCounters counters = counters_;
  counters.clients = clients_.size();
  counters.delayed = pending_.size();
  return counters;
}

void UdpRelay::fromClient(std::string_view datagram, const Address& from) {
  ++counters_.received;
  if (datagram.size() > config_.maxDatagramBytes) {
    ++counters_.oversized;
    return;
  }
  Client* client = clientFor(from);
  if (client == nullptr) return;
  client->lastActive = reactor_.clock().now();
  pass(*client, true, datagram);
}

void UdpRelay::fromTarget(std::uint64_t id, std::string_view datagram) {
  ++counters_.received;
  auto it = clients_.find(id);
  if (it == clients_.end()) return;
  if (datagram.size() > config_.maxDatagramBytes) {
    ++counters_.oversized;
    return;
  }
  it->second->lastActive = reactor_.clock().now();
  pass(*it->second, false, datagram);
}

UdpRelay::Client* UdpRelay::clientFor(const Address& from) {
  const std::string key = from.toString();
  if (auto known = clientIds_.find(key); known != clientIds_.end()) {
    return clients_.at(known->second).get();
  }
  if (clients_.size() >= config_.maxClients) {
    ++counters_.refused;
    return nullptr;
  }
  const std::uint64_t id = nextClient_++;
  const std::uint64_t towardTarget = SimRandom::splitMix64(seedSpread_);
  const std::uint64_t towardClient = SimRandom::splitMix64(seedSpread_);
  auto client = std::make_unique<Client>(Client{from, ImpairmentModel(config_.toTarget, towardTarget),
                                                ImpairmentModel(config_.toClient, towardClient),
                                                std::make_unique<Upstream>(*this, id), nullptr,
                                                reactor_.clock().now()});
  const bool v6 = config_.target.family() == Address::Family::IPv6;
  constexpr const EndpointKind* kUdpOnly[] = {&kUdpKind};
  auto endpoint = parseServerEndpoint(v6 ? "udp6:0" : "udp:0", kUdpOnly);
  auto port = listenUdp(reactor_, *endpoint, *client->protocol);
  if (!port) {
    ++counters_.refused;
    reactor_.logger().warning(strCat("weft-netsim: no upstream socket for ", key, ": ", port.error().message));
    return nullptr;
  }
  client->port = std::move(*port);
  client->protocol->transport().connect(config_.target);
  clientIds_.emplace(key, id);
  Client* raw = client.get();
  clients_.emplace(id, std::move(client));
  if (!expiryCall_.active()) {
    expiryCall_ = reactor_.callLater(config_.idleTimeout / 4, [this] { expireIdle(); });
  }
  return raw;
}

void UdpRelay::pass(Client& client, bool toTarget, std::string_view datagram) {
  const TimePoint now = reactor_.clock().now();
  ImpairmentModel& model = toTarget ? client.toTarget : client.toClient;
  const PacketFate fate = model.decide(now, datagram.size());
  if (fate.outcome != PacketFate::Outcome::Delivered) {
    ++counters_.dropped;
    return;
  }
  if (fate.copies == 2) ++counters_.duplicated;
  const std::uint64_t id = clientIds_.at(client.address.toString());
  for (int i = 0; i < fate.copies; ++i) {
    pending_.push({fate.arrivals[i], nextOrder_++, id, toTarget, std::string(datagram)});
  }
  armDelivery();
}

void UdpRelay::armDelivery() {
  if (pending_.empty()) return;
  const TimePoint next = pending_.top().at;
  if (deliveryCall_.active() && deliveryAt_ <= next) return;
  deliveryAt_ = next;
  deliveryCall_ = reactor_.callLater(next - reactor_.clock().now(), [this] { deliverDue(); });
}

void UdpRelay::deliverDue() {
  const TimePoint now = reactor_.clock().now();
  while (!pending_.empty() && pending_.top().at <= now) {
    const Pending& due = pending_.top();
    auto it = clients_.find(due.client);
    if (it != clients_.end()) {  // an expired client's datagrams go nowhere
      Client& client = *it->second;
      if (due.toTarget) {
        client.protocol->transport().write(due.datagram);
      } else {
        listener_->transport().write(due.datagram, client.address);
      }
      ++counters_.forwarded;
    }
    pending_.pop();
  }
  armDelivery();
}

void UdpRelay::expireIdle() {
  const TimePoint now = reactor_.clock().now();
  for (auto it = clients_.begin(); it != clients_.end();) {
    if (now - it->second->lastActive >= config_.idleTimeout) {
      clientIds_.erase(it->second->address.toString());
      it = clients_.erase(it);
      ++counters_.expired;
    } else {
      ++it;
    }
  }
  if (!clients_.empty()) {
    expiryCall_ = reactor_.callLater(config_.idleTimeout / 4, [this] { expireIdle(); });
  }
}

}  // namespace weft::net
