// UdpRelay: a UDP relay that puts a simulated network between real programs — datagrams to its
// port go on to a target through one upstream socket per client (so the target sees distinct
// peers), each way through a seeded ImpairmentModel, with conditions switchable live. Runs on
// the reactor's UDP and scheduler, no threads; weft-netsim is its command line.
// Tests: tests/net/netsim/udp_relay_test.cpp, tests/tools/netsim/weft_netsim_test.cpp
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "net/core/address.h"
#include "net/core/endpoint.h"
#include "net/core/reactor.h"
#include "net/core/result.h"
#include "net/netsim/impairment_model.h"
#include "net/netsim/link_conditions.h"
#include "net/udp/datagram_protocol.h"
#include "net/udp/udp_port.h"

namespace weft::net {

struct UdpRelayConfig {
  Endpoint listen;          // udp:PORT[:interface=ADDR], where clients send
  Address target;           // where their datagrams go on (the game server)
  LinkConditions toTarget;  // client -> target
  LinkConditions toClient;  // target -> client
  // Unset picks one at random; seed() tells which, so a run can be replayed.
  std::optional<std::uint64_t> seed;
  // A client neither side has sent anything for this long is forgotten, its socket closed.
  Duration idleTimeout = std::chrono::seconds(60);
  std::size_t maxDatagramBytes = 65'507;  // larger ones are refused (counted as oversized)
  std::size_t maxClients = 1024;          // datagrams from more sources are refused
};

struct UdpRelayCounters {
  std::uint64_t received = 0;    // datagrams in, either way
  std::uint64_t forwarded = 0;   // datagrams sent on, duplicates included
  std::uint64_t dropped = 0;     // by the model: lost, or over a bandwidth queue's limit
  std::uint64_t duplicated = 0;  // sent on twice by the model
  std::uint64_t oversized = 0;   // over maxDatagramBytes: not forwarded
  std::uint64_t refused = 0;     // from a new client past maxClients, or no socket for it
  std::uint64_t expired = 0;     // clients forgotten after idleTimeout
  std::size_t clients = 0;       // known now
  std::size_t delayed = 0;       // datagrams held now, waiting for their delivery time

  // "clients 2 delayed 0 received 120 forwarded 114 dropped 6 duplicated 0 oversized 0 refused 0
  // expired 0"
  std::string summary() const;
};

class UdpRelay {
 public:
  // Binds the listening port and checks the conditions; errors name the bad value. The reactor
  // must outlive the relay.
  static Result<std::unique_ptr<UdpRelay>> start(Reactor& reactor, UdpRelayConfig config);
  ~UdpRelay();
  UdpRelay(const UdpRelay&) = delete;
  UdpRelay& operator=(const UdpRelay&) = delete;

  // Live, for every client, known or new; datagrams already in flight keep their fate.
  Result<void> setConditions(const LinkConditions& toTarget, const LinkConditions& toClient);
  const LinkConditions& toTarget() const { return config_.toTarget; }
  const LinkConditions& toClient() const { return config_.toClient; }

  const Address& address() const { return port_->address(); }  // with the port the OS picked
  std::uint64_t seed() const { return seed_; }
  UdpRelayCounters counters() const;

 private:
  class Listener;
  class Upstream;
  struct Client;
  struct Pending {
    TimePoint at;
    std::uint64_t order;  // FIFO among equal times
    std::uint64_t client;
    bool toTarget;
    std::string datagram;
    bool operator>(const Pending& other) const {
      return at != other.at ? at > other.at : order > other.order;
    }
  };

  UdpRelay(Reactor& reactor, UdpRelayConfig config, std::uint64_t seed);
  void fromClient(std::string_view datagram, const Address& from);
  void fromTarget(std::uint64_t client, std::string_view datagram);
  Client* clientFor(const Address& from);
  void pass(Client& client, bool toTarget, std::string_view datagram);
  void armDelivery();
  void deliverDue();
  void expireIdle();

  Reactor& reactor_;
  UdpRelayConfig config_;
  std::uint64_t seed_;
  std::uint64_t seedSpread_;  // advanced for each new client's two models
  std::unique_ptr<Listener> listener_;
  std::unique_ptr<UdpPort> port_;
  std::map<std::string, std::uint64_t> clientIds_;  // by source address text
  std::map<std::uint64_t, std::unique_ptr<Client>> clients_;
  std::uint64_t nextClient_ = 1;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending_;
  std::uint64_t nextOrder_ = 0;
  ScopedCall deliveryCall_;
  TimePoint deliveryAt_{};
  ScopedCall expiryCall_;
  UdpRelayCounters counters_;
};

}  // namespace weft::net
