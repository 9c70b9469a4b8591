#include "net/discovery/discovery_server.h"

#include "net/core/str_cat.h"
#include "net/udp/udp_endpoint.h"

namespace weft::net {

Endpoint defaultDiscoveryEndpoint() {
  Endpoint endpoint;
  endpoint.kind = &kUdpKind;
  endpoint.role = Endpoint::Role::Server;
  endpoint.family = Address::Family::IPv4;
  endpoint.host = "0.0.0.0";
  endpoint.port = kDiscoveryPort;
  return endpoint;
}

Result<std::unique_ptr<DiscoveryServer>> DiscoveryServer::listen(Reactor& reactor,
                                                                 LanServerInfo info,
                                                                 DiscoveryServerConfig config) {
  if (auto valid = validate(info); !valid) {
    return Error{strCat("discovery server: ", valid.error().message)};
  }
  auto rateLimit = SourceRateLimiter::check(config.rateLimit);
  if (!rateLimit) return Error{strCat("discovery server: rateLimit.", rateLimit.error().message)};
  std::unique_ptr<DiscoveryServer> server(
      new DiscoveryServer(reactor, std::move(info), *rateLimit));
  auto port = listenUdp(reactor, config.listen, *server);
  if (!port) return Error{strCat("discovery server: ", port.error().message)};
  server->port_ = std::move(port).value();
  return server;
}

DiscoveryServer::DiscoveryServer(Reactor& reactor, LanServerInfo info,
                                 SourceRateLimiterConfig rateLimit)
    : reactor_(reactor), info_(std::move(info)), limiter_(rateLimit) {}

DiscoveryServer::~DiscoveryServer() {
  port_.reset();
}

Result<void> DiscoveryServer::setInfo(LanServerInfo info) {
  if (auto valid = validate(info); !valid) return valid;
  info_ = std::move(info);
  return {};
}

Result<void> DiscoveryServer::setPlayers(std::uint16_t players) {
  LanServerInfo info = info_;
  info.players = players;
  return setInfo(std::move(info));
}

DiscoveryServerCounters DiscoveryServer::counters() const {
  DiscoveryServerCounters counters = counters_;
  if (port_) counters.sendFailures = port_->counters().dropped;
  return counters;
}

void DiscoveryServer::reject(Rejection why, const Address& from) {
  if (counters_.rejected.add(why) == 1) {
    reactor_.logger().warning(strCat("discovery server: dropped a datagram from ", from.toString(),
                                     ": ", describe(why), " (later ones are only counted)"));
  }
}

void DiscoveryServer::datagramReceived(std::string_view data, const Address& from) {
  const Decoded<DiscoveryQuery> query = decodeQuery(data);
  if (!query) return reject(query.rejection(), from);
  if (query->gameId != info_.gameId) {
    ++counters_.foreignGame;
    return;
  }
  ++counters_.queries;
  const auto verdict = limiter_.allow(from, reactor_.clock().now());
  if (!SourceRateLimiter::answered(verdict)) {
    ++counters_.rateLimited;
    if (!loggedRateLimit_) {
      loggedRateLimit_ = true;
      reactor_.logger().info(strCat("discovery server: queries from ", from.host(),
                                    verdict == SourceRateLimiter::Verdict::SourceLimited
                                        ? " come too often"
                                        : " arrive while too many hosts ask at once",
                                    "; unanswered queries are counted (rateLimited)"));
    }
    return;
  }
  transport().write(encodeAnswer({query->nonce, info_}), from);
  ++counters_.answers;
  if (verdict == SourceRateLimiter::Verdict::AllowedKnown) ++counters_.answersToKnown;
}

}  // namespace weft::net
