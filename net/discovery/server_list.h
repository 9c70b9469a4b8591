// ServerList: the sans-I/O heart of a LAN server browser — makes queries with fresh nonces,
// turns answers into a list of servers with smoothed round-trip times, and drops servers that
// stop answering. DiscoveryBrowser puts it on a socket and a timer.
// Tests: tests/net/discovery/server_list_test.cpp
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/logger.h"
#include "net/discovery/discovery_wire.h"

namespace weft::net {

struct DiscoveredServer {
  Address address;      // where its answers come from: the server's discovery socket
  Address gameAddress;  // the same host at info.gamePort: where to connect to play
  LanServerInfo info;   // as of its latest answer
  Duration rtt{};       // smoothed round-trip time of its answers (RFC 6298 weights)
  Duration rttVariance{};
  Duration lastRtt{};
  std::uint64_t answers = 0;  // accepted answers from it so far
  TimePoint firstSeen{};
  TimePoint lastSeen{};
};

// What a browser reports, on the reactor thread. A listener may read the browser (servers(),
// counters()) but must not destroy it from inside a call.
class DiscoveryListener {
 public:
  virtual ~DiscoveryListener() = default;
  virtual void serverAdded(const DiscoveredServer& /*server*/) {}
  // Every answer after the first: the RTT moved, and the info may have (compare with `before`).
  virtual void serverUpdated(const DiscoveredServer& /*server*/, const LanServerInfo& /*before*/) {}
  // It stopped answering for serverTimeout (or the browser was told to forget it).
  virtual void serverRemoved(const DiscoveredServer& /*server*/) {}
};

struct ServerListConfig {
  std::uint32_t gameId = 0;  // answers for other games are counted and ignored
  // A server not heard from for this long is removed; several query intervals, so that one
  // or two lost datagrams do not make it flicker out of the list.
  Duration serverTimeout = std::chrono::seconds(5);
  // Answers that arrive later than this after their query are stale: counted and ignored.
  Duration maxAnswerDelay = std::chrono::seconds(2);
  // Servers listed at once: bounds memory against a host answering with made-up servers.
  std::size_t maxServers = 256;
  // Nonces come from a generator seeded with this; 0 seeds it from std::random_device (nonces
  // should not be guessable, or anyone on the LAN could answer queries it never saw).
  std::uint64_t nonceSeed = 0;
};

struct DiscoveryBrowserCounters {
  std::uint64_t queriesSent = 0;
  std::uint64_t answers = 0;          // accepted
  std::uint64_t foreignGame = 0;      // well-formed answers for another game id
  std::uint64_t staleNonce = 0;       // answers to no recent query of ours
  std::uint64_t overServerLimit = 0;  // answers from new servers while maxServers are listed
  std::uint64_t serversTimedOut = 0;
  std::uint64_t sendFailures = 0;  // queries the socket refused (no route, no broadcast...)
  RejectionCounts rejected;        // malformed datagrams, by reason
};

class ServerList {
 public:
  // Errors name the bad value. `listener` (may be null) and `logger` must outlive the list.
  static Result<ServerListConfig> check(ServerListConfig config);
  ServerList(ServerListConfig config, DiscoveryListener* listener, Logger& logger);

  // A query with a fresh nonce, remembered (with `now`) to match and time its answers.
  std::string makeQuery(TimePoint now);
  // Anything that arrived at the browser's socket. Never trusts it: malformed, foreign or
  // stale datagrams are counted (the first of each kind is also logged) and change nothing.
  void datagramReceived(std::string_view datagram, const Address& from, TimePoint now);
  // Removes servers last heard from serverTimeout or more before `now`, in the order found.
  void expire(TimePoint now);

  // In the order they were first seen.
  const std::vector<DiscoveredServer>& servers() const { return servers_; }
  const DiscoveryBrowserCounters& counters() const { return counters_; }
  DiscoveryBrowserCounters& counters() { return counters_; }
  const ServerListConfig& config() const { return config_; }

 private:
  struct SentQuery {
    std::uint64_t nonce;
    TimePoint sentAt;
  };
  // More outstanding queries than this (queryNow() pressed in a loop) forget the oldest.
  static constexpr std::size_t kMaxOutstanding = 64;

  void forgetOldQueries(TimePoint now);
  void reject(Rejection why, const Address& from);
  static void addRttSample(DiscoveredServer& server, Duration sample);

  ServerListConfig config_;
  DiscoveryListener* listener_;
  Logger& logger_;
  std::mt19937_64 nonces_;
  std::deque<SentQuery> outstanding_;  // oldest first
  std::vector<DiscoveredServer> servers_;
  DiscoveryBrowserCounters counters_;
};

}  // namespace weft::net
