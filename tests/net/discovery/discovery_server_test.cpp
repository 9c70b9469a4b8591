#include "net/discovery/discovery_server.h"

#include <doctest/doctest.h>

#include "tests/net/discovery/discovery_support.h"
#include "net/testing/manual_clock.h"

using namespace weft::test;
using weft::net::DiscoveryServer;
using weft::net::DiscoveryServerConfig;
using weft::net::Reactor;
using weft::net::Rejection;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
DiscoveryServerConfig on(const std::string& interface) {
  DiscoveryServerConfig config;
  config.listen = udpOn(interface);
  return config;
}

std::unique_ptr<DiscoveryServer> listen(Reactor& reactor, const std::string& interface = "127.0.0.1",
                                        weft::net::LanServerInfo info = arenaInfo()) {
  auto server = DiscoveryServer::listen(reactor, std::move(info), on(interface));
  if (!server.ok()) FAIL(server.error().message);
  return std::move(server).value();
}

weft::net::DiscoveryAnswer decodedAnswer(const std::string& datagram) {
  auto answer = weft::net::decodeAnswer(datagram);
  REQUIRE(answer.ok());
  return answer.value();
}
}  // namespace

TEST_CASE("a server answers a query at the sender's address with its current info") {
  for (std::string interface : {"127.0.0.1", "::1"}) {
    CAPTURE(interface);
    ManualClock clock;
    RecordingLogger log;
    Reactor reactor(clock, quietConfig(log));
    auto server = listen(reactor, interface);
    BoundPeer browser(reactor, interface);
    const std::string query = weft::net::encodeQuery({0xabcdef, kArena});
    browser.peer.send(query, server->address());
    REQUIRE(pumpUntil(reactor, [&] { return browser.peer.received.size() == 1; }));
    const auto& [datagram, from] = browser.peer.received[0];
    CHECK(from == server->address());
    CHECK(datagram.size() <= query.size());
    CHECK(decodedAnswer(datagram) == weft::net::DiscoveryAnswer{0xabcdef, arenaInfo()});

    REQUIRE(server->setPlayers(5).ok());
    browser.peer.send(weft::net::encodeQuery({2, kArena}), server->address());
    REQUIRE(pumpUntil(reactor, [&] { return browser.peer.received.size() == 2; }));
    CHECK(decodedAnswer(browser.peer.received[1].first).info.players == 5);
    CHECK(server->counters().queries == 2);
    CHECK(server->counters().answers == 2);
    CHECK(log.lines.empty());
  }
}

TEST_CASE("queries for another game are counted and get no answer") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = listen(reactor);
  BoundPeer browser(reactor);
  browser.peer.send(weft::net::encodeQuery({1, kArena + 1}), server->address());
  browser.peer.send(weft::net::encodeQuery({2, kArena}), server->address());
  REQUIRE(pumpUntil(reactor, [&] { return browser.peer.received.size() == 1; }));
  CHECK(decodedAnswer(browser.peer.received[0].first).nonce == 2);
  CHECK(server->counters().foreignGame == 1);
  CHECK(server->counters().queries == 1);
}

TEST_CASE("garbage at a server is counted by reason and everyone else is still answered") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = listen(reactor);
  BoundPeer attacker(reactor);
  BoundPeer browser(reactor, "127.0.0.2");
  const auto garbage = garbageForServer();
  for (int round = 0; round < 2; ++round) {
    for (const auto& [datagram, reason] : garbage) attacker.peer.send(datagram, server->address());
  }
  browser.peer.send(weft::net::encodeQuery({7, kArena}), server->address());
  REQUIRE(pumpUntil(reactor, [&] { return browser.peer.received.size() == 1; }));
  CHECK(decodedAnswer(browser.peer.received[0].first).nonce == 7);
  const auto counters = server->counters();
  weft::net::RejectionCounts expected;
  for (int round = 0; round < 2; ++round) {
    for (const auto& [datagram, reason] : garbage) expected.add(reason);
  }
  CHECK(counters.rejected.byReason == expected.byReason);
  CHECK(counters.rejected.total() == 2 * garbage.size());
  CHECK(attacker.peer.received.empty());
  // One warning per kind, naming the sender, however many arrive.
  std::size_t warnings = 0;
  for (const auto& line : log.lines) warnings += line.level == weft::net::LogLevel::Warning;
  CHECK(warnings == 6);  // two of the seven are Truncated
  CHECK(log.contains("discovery server: dropped a datagram from 127.0.0.1:"));
  CHECK(log.contains("oversized"));
}

TEST_CASE("a host that asks too often is answered at the rate limit; other hosts still are") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = listen(reactor, "127.0.0.1");
  BoundPeer noisy(reactor, "127.0.0.1");
  BoundPeer noisyOtherPort(reactor, "127.0.0.1");
  BoundPeer polite(reactor, "127.0.0.2");
  for (std::uint64_t i = 0; i < 20; ++i) {
    noisy.peer.send(weft::net::encodeQuery({i, kArena}), server->address());
  }
  noisyOtherPort.peer.send(weft::net::encodeQuery({99, kArena}), server->address());
  polite.peer.send(weft::net::encodeQuery({100, kArena}), server->address());
  REQUIRE(pumpUntil(reactor, [&] { return server->counters().queries == 22; }));
  // Every answer the server sent is in its peer's queue by now: sendto on loopback delivers.
  REQUIRE(pumpUntil(reactor, [&] { return polite.peer.received.size() == 1; }));
  reactor.pump(weft::net::Duration::max());
  CHECK(noisy.peer.received.size() == 8);  // the default burst
  CHECK(noisyOtherPort.peer.received.empty());  // the same host: one budget
  CHECK(server->counters().rateLimited == 13);
  CHECK(log.contains("queries from 127.0.0.1 come too often", weft::net::LogLevel::Info));

  // The default 4 a second: one more token 250 ms later.
  clock.advance(std::chrono::milliseconds(250));
  noisy.peer.send(weft::net::encodeQuery({50, kArena}), server->address());
  noisy.peer.send(weft::net::encodeQuery({51, kArena}), server->address());
  REQUIRE(pumpUntil(reactor, [&] { return server->counters().queries == 24; }));
  REQUIRE(pumpUntil(reactor, [&] { return noisy.peer.received.size() == 9; }));
  CHECK(decodedAnswer(noisy.peer.received[8].first).nonce == 50);
  CHECK(server->counters().rateLimited == 14);
}

TEST_CASE("an info that breaks the rules is refused and the old one stays") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = listen(reactor);
  auto bad = arenaInfo("tab\there");
  auto refused = server->setInfo(bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "server name 'tab here' holds a control character (U+0009 at byte 3)");
  auto reversed = server->setInfo(arenaInfo("\u202Eadnara"));
  REQUIRE_FALSE(reversed.ok());
  CHECK(reversed.error().message ==
        "server name 'adnara' holds an invisible or format character (U+202E at byte 0)");
  auto tooMany = server->setPlayers(9);
  REQUIRE_FALSE(tooMany.ok());
  CHECK(tooMany.error().message == "players (9) is more than max players (8)");
  CHECK(server->info() == arenaInfo());
  CHECK(server->setInfo(arenaInfo("renamed", 8)).ok());
  CHECK(server->info().name == "renamed");
}

TEST_CASE("listen refuses a bad info, a bad rate limit and a port in use, naming them") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto badInfo = DiscoveryServer::listen(reactor, arenaInfo(std::string(70, 'x')), on("127.0.0.1"));
  REQUIRE_FALSE(badInfo.ok());
  CHECK(badInfo.error().message.find("discovery server: server name") == 0);

  DiscoveryServerConfig config = on("127.0.0.1");
  config.rateLimit.perSource.perSecond = 0;
  auto badLimit = DiscoveryServer::listen(reactor, arenaInfo(), config);
  REQUIRE_FALSE(badLimit.ok());
  CHECK(badLimit.error().message ==
        "discovery server: rateLimit.perSource.perSecond must be above 0, got 0");

  auto first = listen(reactor);
  config = on("127.0.0.1");
  config.listen.port = first->address().port();
  auto taken = DiscoveryServer::listen(reactor, arenaInfo(), config);
  REQUIRE_FALSE(taken.ok());
  CHECK(taken.error().message.find("address already in use") != std::string::npos);
  CHECK(taken.error().message.find(std::to_string(config.listen.port)) != std::string::npos);
}

TEST_CASE("the default endpoint is the documented discovery port on every interface") {
  const auto endpoint = weft::net::defaultDiscoveryEndpoint();
  CHECK(endpoint.toString() == "udp:7778");
  CHECK(endpoint == *weft::net::parseServerEndpoint("udp:7778"));
}

TEST_CASE("a destroyed server closes its socket") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = listen(reactor);
  CHECK(reactor.openHandles() == 1);
  server.reset();
  CHECK(reactor.openHandles() == 0);
}
