#include "net/discovery/server_list.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "net/core/str_cat.h"

namespace weft::net {

namespace {
std::uint64_t seedFrom(std::uint64_t configured) {
  if (configured != 0) return configured;
  std::random_device device;
  return (std::uint64_t{device()} << 32) | device();
}
}  // namespace

Result<ServerListConfig> ServerList::check(ServerListConfig config) {
  if (config.serverTimeout <= Duration::zero()) {
    return Error{strCat("serverTimeout must be positive, got ", config.serverTimeout)};
  }
  if (config.maxAnswerDelay <= Duration::zero()) {
    return Error{strCat("maxAnswerDelay must be positive, got ", config.maxAnswerDelay)};
  }
  if (config.maxServers == 0) return Error{"maxServers must be at least 1"};
  return config;
}

ServerList::ServerList(ServerListConfig config, DiscoveryListener* listener, Logger& logger)
    : config_(config), listener_(listener), logger_(logger), nonces_(seedFrom(config.nonceSeed)) {
  WEFT_ASSERT(check(config).ok(), "ServerList: pass the config through ServerList::check first");
}

std::string ServerList::makeQuery(TimePoint now) {
  forgetOldQueries(now);
  if (outstanding_.size() == kMaxOutstanding) outstanding_.pop_front();
  const std::uint64_t nonce = nonces_();
  outstanding_.push_back({nonce, now});
  ++counters_.queriesSent;
  return encodeQuery({nonce, config_.gameId});
}

void ServerList::forgetOldQueries(TimePoint now) {
  while (!outstanding_.empty() && now - outstanding_.front().sentAt > config_.maxAnswerDelay) {
    outstanding_.pop_front();
  }
}

void ServerList::reject(Rejection why, const Address& from) {
  if (counters_.rejected.add(why) == 1) {
    logger_.warning(strCat("discovery browser: dropped a datagram from ", from.toString(), ": ",
                           describe(why), " (later ones are only counted)"));
  }
}

void ServerList::addRttSample(DiscoveredServer& server, Duration sample) {
  server.lastRtt = sample;
  if (server.answers == 1) {
    server.rtt = sample;
    server.rttVariance = sample / 2;
    return;
  }
  // RFC 6298: variance with weight 1/4 (against the old mean), mean with weight 1/8.
  const Duration deviation = sample > server.rtt ? sample - server.rtt : server.rtt - sample;
  server.rttVariance = (3 * server.rttVariance + deviation) / 4;
  server.rtt = (7 * server.rtt + sample) / 8;
}

void ServerList::datagramReceived(std::string_view datagram, const Address& from, TimePoint now) {
  const Decoded<DiscoveryAnswer> decoded = decodeAnswer(datagram);
  if (!decoded) return reject(decoded.rejection(), from);
  const DiscoveryAnswer& answer = decoded.value();
  if (answer.info.gameId != config_.gameId) {
    ++counters_.foreignGame;
    return;
  }
  forgetOldQueries(now);
  const auto query = std::find_if(outstanding_.begin(), outstanding_.end(),
                                  [&](const SentQuery& q) { return q.nonce == answer.nonce; });
  if (query == outstanding_.end()) {
    ++counters_.staleNonce;
    return;
  }
  const Duration rtt = now - query->sentAt;

  auto server = std::find_if(servers_.begin(), servers_.end(), [&](const DiscoveredServer& s) {
    return s.address == from && s.info.gamePort == answer.info.gamePort;
  });
  DiscoveryListener* listener = listener_;  // the last thing each path does is call it
  if (server == servers_.end()) {
    if (servers_.size() >= config_.maxServers) {
      ++counters_.overServerLimit;
      return;
    }
    ++counters_.answers;
    DiscoveredServer& added = servers_.emplace_back();
    added.address = from;
    added.gameAddress = from;
    added.gameAddress.setPort(answer.info.gamePort);
    added.info = answer.info;
    added.firstSeen = now;
    added.lastSeen = now;
    added.answers = 1;
    addRttSample(added, rtt);
    if (listener) listener->serverAdded(added);
    return;
  }
  ++counters_.answers;
  LanServerInfo before = std::exchange(server->info, answer.info);
  server->lastSeen = now;
  ++server->answers;
  addRttSample(*server, rtt);
  if (listener) listener->serverUpdated(*server, before);
}

void ServerList::expire(TimePoint now) {
  auto expired = [&](const DiscoveredServer& server) {
    return now - server.lastSeen >= config_.serverTimeout;
  };
  std::vector<DiscoveredServer> gone;
  std::copy_if(servers_.begin(), servers_.end(), std::back_inserter(gone), expired);
  std::erase_if(servers_, expired);
  counters_.serversTimedOut += gone.size();
  DiscoveryListener* listener = listener_;
  if (!listener) return;
  for (const DiscoveredServer& server : gone) listener->serverRemoved(server);
}

}  // namespace weft::net
