// DiscoveryServer: makes a game server findable on its LAN — listens on a UDP port and answers
// each well-formed query for its game with the current LanServerInfo, rate-limited per source
// so that spoofed queries cannot turn it into a flood. Wire format: net/discovery/WIRE.md.
// Tests: tests/net/discovery/discovery_server_test.cpp
#pragma once

#include <cstdint>
#include <memory>

#include "net/core/endpoint.h"
#include "net/core/reactor.h"
#include "net/core/result.h"
#include "net/discovery/discovery_wire.h"
#include "net/discovery/source_rate_limiter.h"
#include "net/udp/datagram_protocol.h"
#include "net/udp/udp_port.h"

namespace weft::net {

// udp:7778 on every IPv4 interface. Broadcast queries reach only sockets bound to the wildcard
// address (or to the broadcast address itself), so a server bound to one unicast address
// answers browsers that ask it directly but not the LAN-wide ones.
Endpoint defaultDiscoveryEndpoint();

struct DiscoveryServerConfig {
  Endpoint listen = defaultDiscoveryEndpoint();  // a udp: or udp6: server endpoint
  // Browsers ask about once a second; the defaults leave room for a few on one host and for
  // a refresh button, and cap what all sources together can get at 256 answers (24 KB) a
  // second, plus 128 to browsers answered before (each at most 2 a second) while others flood.
  SourceRateLimiterConfig rateLimit;
};

struct DiscoveryServerCounters {
  std::uint64_t queries = 0;      // well-formed queries for this game
  std::uint64_t answers = 0;      // answers written (refused ones are in sendFailures too)
  std::uint64_t foreignGame = 0;  // well-formed queries for another game id (not answered)
  std::uint64_t rateLimited = 0;  // queries for this game left unanswered by the rate limit
  // Answers (counted in answers too) to hosts answered before, from their reserve, while
  // the overall budget was spent by others (SourceRateLimiterConfig::known).
  std::uint64_t answersToKnown = 0;
  std::uint64_t sendFailures = 0;  // answers the socket refused
  RejectionCounts rejected;        // malformed datagrams, by reason
};

class DiscoveryServer final : private DatagramProtocol {
 public:
  // Binds config.listen and starts answering with `info`. Errors name the bad value: an info
  // that fails validate(), a bad rate limit, a port in use ("udp:7778: address already in use").
  // The reactor must outlive the server.
  static Result<std::unique_ptr<DiscoveryServer>> listen(Reactor& reactor, LanServerInfo info,
                                                         DiscoveryServerConfig config = {});
  ~DiscoveryServer() override;
  DiscoveryServer(const DiscoveryServer&) = delete;
  DiscoveryServer& operator=(const DiscoveryServer&) = delete;

  // What the next answers say; a game calls these as players come and go. An invalid info is
  // refused with a message and the old one stays.
  Result<void> setInfo(LanServerInfo info);
  Result<void> setPlayers(std::uint16_t players);
  const LanServerInfo& info() const { return info_; }

  // Where it is bound, with the port the system picked for udp:0.
  const Address& address() const { return port_->address(); }
  DiscoveryServerCounters counters() const;

 private:
  DiscoveryServer(Reactor& reactor, LanServerInfo info, SourceRateLimiterConfig rateLimit);
  void datagramReceived(std::string_view data, const Address& from) override;
  void reject(Rejection why, const Address& from);

  Reactor& reactor_;
  LanServerInfo info_;
  SourceRateLimiter limiter_;
  DiscoveryServerCounters counters_;
  bool loggedRateLimit_ = false;
  std::unique_ptr<UdpPort> port_;  // last: closed first, while the rest is still there
};

}  // namespace weft::net
