#include "net/discovery/server_list.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "net/testing/recording_logger.h"

using namespace std::chrono_literals;
using weft::net::Address;
using weft::net::DiscoveredServer;
using weft::net::LanServerInfo;
using weft::net::Rejection;
using weft::net::ServerList;
using weft::net::ServerListConfig;
using weft::net::TimePoint;
using weft::testing::RecordingLogger;

namespace {
constexpr std::uint32_t kGame = 0x41524e41;

LanServerInfo info(std::string name = "den", std::uint16_t gamePort = 7777,
                   std::uint16_t players = 1) {
  LanServerInfo i;
  i.name = std::move(name);
  i.gameId = kGame;
  i.protocolVersion = 3;
  i.players = players;
  i.maxPlayers = 8;
  i.gamePort = gamePort;
  return i;
}

Address at(const std::string& ip, std::uint16_t port = 7778) {
  return *Address::fromNumeric(ip, port);
}

std::uint64_t nonceOf(const std::string& query) {
  auto decoded = weft::net::decodeQuery(query);
  REQUIRE(decoded.ok());
  return decoded->nonce;
}

std::string answer(const std::string& query, const LanServerInfo& i) {
  return weft::net::encodeAnswer({nonceOf(query), i});
}

struct Events : weft::net::DiscoveryListener {
  std::vector<std::string> log;
  std::vector<DiscoveredServer> updated;
  std::vector<LanServerInfo> before;
  void serverAdded(const DiscoveredServer& s) override { log.push_back("added " + s.info.name); }
  void serverUpdated(const DiscoveredServer& s, const LanServerInfo& b) override {
    log.push_back("updated " + s.info.name);
    updated.push_back(s);
    before.push_back(b);
  }
  void serverRemoved(const DiscoveredServer& s) override {
    log.push_back("removed " + s.info.name);
  }
};

ServerListConfig config() {
  ServerListConfig c;
  c.gameId = kGame;
  c.nonceSeed = 42;
  return c;
}

const TimePoint t0 = TimePoint{} + 100s;
}  // namespace

TEST_CASE("an answer to a query lists its server with the round-trip time") {
  RecordingLogger log;
  Events events;
  ServerList list(config(), &events, log);
  const std::string query = list.makeQuery(t0);
  list.datagramReceived(answer(query, info()), at("192.0.2.7"), t0 + 12ms);
  REQUIRE(list.servers().size() == 1);
  const DiscoveredServer& server = list.servers()[0];
  CHECK(server.address == at("192.0.2.7"));
  CHECK(server.gameAddress == at("192.0.2.7", 7777));
  CHECK(server.info == info());
  CHECK(server.rtt == 12ms);
  CHECK(server.lastRtt == 12ms);
  CHECK(server.rttVariance == 6ms);
  CHECK(server.firstSeen == t0 + 12ms);
  CHECK(server.answers == 1);
  CHECK(events.log == std::vector<std::string>{"added den"});
  CHECK(list.counters().answers == 1);
  CHECK(list.counters().queriesSent == 1);
}

TEST_CASE("later answers update the server and smooth its round-trip time") {
  RecordingLogger log;
  Events events;
  ServerList list(config(), &events, log);
  std::string query = list.makeQuery(t0);
  list.datagramReceived(answer(query, info()), at("192.0.2.7"), t0 + 8ms);
  query = list.makeQuery(t0 + 1s);
  list.datagramReceived(answer(query, info("den", 7777, 2)), at("192.0.2.7"), t0 + 1s + 16ms);
  REQUIRE(list.servers().size() == 1);
  const DiscoveredServer& server = list.servers()[0];
  // RFC 6298: rttvar = 3/4 * 4 + 1/4 * |8 - 16| = 5; srtt = 7/8 * 8 + 1/8 * 16 = 9.
  CHECK(server.rtt == 9ms);
  CHECK(server.rttVariance == 5ms);
  CHECK(server.lastRtt == 16ms);
  CHECK(server.info.players == 2);
  CHECK(server.answers == 2);
  CHECK(events.log == std::vector<std::string>{"added den", "updated den"});
  CHECK(events.before.at(0).players == 1);
  CHECK(events.updated.at(0).info.players == 2);
}

TEST_CASE("servers are told apart by address and game port") {
  RecordingLogger log;
  ServerList list(config(), nullptr, log);
  const std::string query = list.makeQuery(t0);
  list.datagramReceived(answer(query, info("a", 7777)), at("192.0.2.7"), t0);
  list.datagramReceived(answer(query, info("b", 7780)), at("192.0.2.7"), t0);
  list.datagramReceived(answer(query, info("c", 7777)), at("192.0.2.7", 7779), t0);
  list.datagramReceived(answer(query, info("d", 7777)), at("192.0.2.8"), t0);
  list.datagramReceived(answer(query, info("a again", 7777)), at("192.0.2.7"), t0);
  std::vector<std::string> names;
  for (const auto& s : list.servers()) names.push_back(s.info.name);
  CHECK(names == std::vector<std::string>{"a again", "b", "c", "d"});
}

TEST_CASE("answers for another game are counted and ignored") {
  RecordingLogger log;
  ServerList list(config(), nullptr, log);
  const std::string query = list.makeQuery(t0);
  LanServerInfo other = info();
  other.gameId = kGame + 1;
  list.datagramReceived(answer(query, other), at("192.0.2.7"), t0);
  CHECK(list.servers().empty());
  CHECK(list.counters().foreignGame == 1);
  CHECK(list.counters().answers == 0);
}

TEST_CASE("answers to no recent query are stale: counted and ignored") {
  RecordingLogger log;
  ServerList list(config(), nullptr, log);
  const std::string query = list.makeQuery(t0);
  SUBCASE("a nonce never sent") {
    list.datagramReceived(weft::net::encodeAnswer({nonceOf(query) + 1, info()}), at("192.0.2.7"),
                          t0);
  }
  SUBCASE("an answer later than maxAnswerDelay") {
    list.datagramReceived(answer(query, info()), at("192.0.2.7"), t0 + 2s + 1ns);
  }
  CHECK(list.servers().empty());
  CHECK(list.counters().staleNonce == 1);
}

TEST_CASE("an answer to an older query still counts while it is recent, with its own RTT") {
  RecordingLogger log;
  ServerList list(config(), nullptr, log);
  const std::string first = list.makeQuery(t0);
  list.makeQuery(t0 + 1s);
  list.datagramReceived(answer(first, info()), at("192.0.2.7"), t0 + 1500ms);
  REQUIRE(list.servers().size() == 1);
  CHECK(list.servers()[0].rtt == 1500ms);
}

TEST_CASE("malformed datagrams are counted by reason, logged once each, and change nothing") {
  RecordingLogger log;
  Events events;
  ServerList list(config(), &events, log);
  const std::string query = list.makeQuery(t0);
  list.datagramReceived(answer(query, info()), at("192.0.2.7"), t0);
  const std::string good = answer(query, info());
  for (int round = 0; round < 3; ++round) {
    list.datagramReceived("garbage", at("192.0.2.66"), t0);
    list.datagramReceived(good.substr(0, 20), at("192.0.2.66"), t0);
    list.datagramReceived(query, at("192.0.2.66"), t0);  // a query is not an answer
    list.datagramReceived(good + "x", at("192.0.2.66"), t0);
  }
  const auto& rejected = list.counters().rejected;
  CHECK(rejected[Rejection::Foreign] == 3);
  CHECK(rejected[Rejection::Truncated] == 3);
  CHECK(rejected[Rejection::WrongKind] == 3);
  CHECK(rejected[Rejection::TrailingBytes] == 3);
  CHECK(rejected.total() == 12);
  CHECK(log.lines.size() == 4);
  CHECK(log.contains("192.0.2.66:7778: foreign", weft::net::LogLevel::Warning));
  REQUIRE(list.servers().size() == 1);
  CHECK(list.servers()[0].answers == 1);
  CHECK(events.log == std::vector<std::string>{"added den"});
}

TEST_CASE("a server not heard from for serverTimeout is removed") {
  RecordingLogger log;
  Events events;
  ServerList list(config(), &events, log);
  const std::string query = list.makeQuery(t0);
  list.datagramReceived(answer(query, info("quiet")), at("192.0.2.7"), t0);
  list.datagramReceived(answer(query, info("chatty")), at("192.0.2.8"), t0);
  for (int s = 1; s <= 4; ++s) {
    const std::string q = list.makeQuery(t0 + s * 1s);
    list.datagramReceived(answer(q, info("chatty")), at("192.0.2.8"), t0 + s * 1s);
    list.expire(t0 + s * 1s);
  }
  CHECK(list.servers().size() == 2);
  list.expire(t0 + 5s - 1ns);
  CHECK(list.servers().size() == 2);
  list.expire(t0 + 5s);
  REQUIRE(list.servers().size() == 1);
  CHECK(list.servers()[0].info.name == "chatty");
  CHECK(events.log.back() == "removed quiet");
  CHECK(list.counters().serversTimedOut == 1);
  list.expire(t0 + 9s);
  CHECK(list.servers().empty());
  CHECK(list.counters().serversTimedOut == 2);
}

TEST_CASE("at most maxServers are listed; answers from more are counted") {
  RecordingLogger log;
  ServerListConfig c = config();
  c.maxServers = 2;
  ServerList list(c, nullptr, log);
  const std::string query = list.makeQuery(t0);
  for (int i = 1; i <= 4; ++i) {
    list.datagramReceived(answer(query, info()), at("192.0.2." + std::to_string(i)), t0);
  }
  CHECK(list.servers().size() == 2);
  CHECK(list.counters().overServerLimit == 2);
  // The listed ones still update.
  list.datagramReceived(answer(query, info("renamed")), at("192.0.2.1"), t0);
  CHECK(list.servers()[0].info.name == "renamed");
}

TEST_CASE("every query has a fresh nonce; a seed makes them repeatable") {
  RecordingLogger log;
  ServerList a(config(), nullptr, log);
  ServerList b(config(), nullptr, log);
  ServerList random(ServerListConfig{}, nullptr, log);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t nonce = nonceOf(a.makeQuery(t0));
    CHECK(nonce == nonceOf(b.makeQuery(t0)));
    seen.insert(nonce);
    seen.insert(nonceOf(random.makeQuery(t0)));
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("queries carry the browser's game id") {
  RecordingLogger log;
  ServerList list(config(), nullptr, log);
  auto query = weft::net::decodeQuery(list.makeQuery(t0));
  REQUIRE(query.ok());
  CHECK(query->gameId == kGame);
}

TEST_CASE("server list settings that make no sense are refused with the bad value") {
  auto check = [](ServerListConfig c) {
    auto checked = ServerList::check(c);
    REQUIRE_FALSE(checked.ok());
    return checked.error().message;
  };
  ServerListConfig c;
  c.serverTimeout = 0s;
  CHECK(check(c) == "serverTimeout must be positive, got 0s");
  c = {};
  c.maxAnswerDelay = -1s;
  CHECK(check(c).starts_with("maxAnswerDelay must be positive"));
  c = {};
  c.maxServers = 0;
  CHECK(check(c) == "maxServers must be at least 1");
}
