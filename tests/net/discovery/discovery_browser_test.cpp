#include "net/discovery/discovery_browser.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <deque>

#include "net/discovery/discovery_server.h"
#include "net/testing/manual_clock.h"
#include "tests/net/discovery/discovery_support.h"

using namespace weft::test;
using weft::net::DiscoveryBrowser;
using weft::net::DiscoveryBrowserConfig;
using weft::net::DiscoveryServer;
using weft::net::Reactor;
using weft::net::SteadyClock;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
std::unique_ptr<DiscoveryServer> serve(Reactor& reactor, const std::string& interface,
                                       weft::net::LanServerInfo info = arenaInfo()) {
  weft::net::DiscoveryServerConfig config;
  config.listen = udpOn(interface);
  auto server = DiscoveryServer::listen(reactor, std::move(info), config);
  if (!server.ok()) FAIL(server.error().message);
  return std::move(server).value();
}

// Queries `address` at `port`, from a socket bound to `interface` (never the wildcard in tests).
DiscoveryBrowserConfig asking(const std::string& address, std::uint16_t port,
                              const std::string& interface) {
  DiscoveryBrowserConfig config;
  config.gameId = kArena;
  config.address = address;
  config.port = port;
  config.interface = interface;
  return config;
}

std::unique_ptr<DiscoveryBrowser> browse(Reactor& reactor, DiscoveryBrowserConfig config,
                                         weft::net::DiscoveryListener* listener = nullptr) {
  auto browser = DiscoveryBrowser::start(reactor, std::move(config), listener);
  if (!browser.ok()) FAIL(browser.error().message);
  return std::move(browser).value();
}

std::string startError(DiscoveryBrowserConfig config) {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto browser = DiscoveryBrowser::start(reactor, std::move(config));
  REQUIRE_FALSE(browser.ok());
  return browser.error().message;
}
}  // namespace

TEST_CASE("a browser finds a server on loopback with its info and a round-trip time") {
  for (std::string host : {"127.0.0.1", "::1"}) {
    CAPTURE(host);
    SteadyClock clock;
    RecordingLogger log;
    Reactor reactor(clock, quietConfig(log));
    auto server = serve(reactor, host);
    RecordingListener listener;
    auto browser = browse(reactor, asking(host, server->address().port(), host), &listener);
    REQUIRE(pumpUntil(reactor, [&] { return !browser->servers().empty(); }));
    const auto& found = browser->servers()[0];
    CHECK(found.address == server->address());
    auto game = server->address();
    game.setPort(7777);
    CHECK(found.gameAddress == game);
    CHECK(found.info == arenaInfo());
    CHECK(found.rtt > weft::net::Duration::zero());
    CHECK(found.rtt == found.lastRtt);
    CHECK(found.rtt < std::chrono::seconds(2));
    CHECK(listener.events == std::vector<std::string>{"added den"});
    CHECK(browser->counters().queriesSent == 1);
    CHECK(browser->counters().sendFailures == 0);
    CHECK(log.lines.empty());
  }
}

TEST_CASE("a broadcast to 127.255.255.255 reaches a server bound to it on lo") {
  // Linux delivers a datagram for 127.255.255.255 on lo to sockets bound to that address (or
  // to 0.0.0.0, which tests avoid), if the sender set SO_BROADCAST; the answer comes from
  // 127.0.0.1. Never a real network.
  SteadyClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.255.255.255");
  auto browser = browse(reactor, asking("127.255.255.255", server->address().port(), "127.0.0.1"));
  REQUIRE(pumpUntil(reactor, [&] { return !browser->servers().empty(); }));
  CHECK(browser->servers()[0].address ==
        weft::net::Address::loopbackIPv4(server->address().port()));
  CHECK(browser->servers()[0].rtt > weft::net::Duration::zero());
  CHECK(browser->counters().sendFailures == 0);
}

TEST_CASE("the round-trip time is the time from a query to its answer") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.0.0.1");
  auto browser = browse(reactor, asking("127.0.0.1", server->address().port(), "127.0.0.1"));
  clock.spend(std::chrono::milliseconds(3));  // the query is on its way for 3 ms
  REQUIRE(pumpUntil(reactor, [&] { return !browser->servers().empty(); }));
  CHECK(browser->servers()[0].rtt == std::chrono::milliseconds(3));
  CHECK(browser->servers()[0].rttVariance == std::chrono::microseconds(1500));

  clock.advance(std::chrono::milliseconds(997));  // the next query, at 1 s
  clock.spend(std::chrono::milliseconds(11));
  REQUIRE(pumpUntil(reactor, [&] { return browser->servers()[0].answers == 2; }));
  CHECK(browser->servers()[0].lastRtt == std::chrono::milliseconds(11));
  CHECK(browser->servers()[0].rtt == std::chrono::milliseconds(4));  // 7/8 * 3 + 1/8 * 11
}

TEST_CASE("a server stays listed while it answers and is dropped a timeout after it stops") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.0.0.1");
  RecordingListener listener;
  auto browser =
      browse(reactor, asking("127.0.0.1", server->address().port(), "127.0.0.1"), &listener);
  // Each second: the browser's next query goes out, and the answer comes back.
  auto nextSecond = [&](std::uint64_t queries) {
    clock.advance(std::chrono::seconds(1));
    REQUIRE(browser->counters().queriesSent == queries);
    REQUIRE(pumpUntil(reactor, [&] { return server->counters().queries == queries; }));
    REQUIRE(pumpUntil(reactor, [&] { return browser->counters().answers == queries; }));
  };
  REQUIRE(pumpUntil(reactor, [&] { return browser->counters().answers == 1; }));
  for (std::uint64_t q = 2; q <= 10; ++q) nextSecond(q);
  REQUIRE(browser->servers().size() == 1);
  CHECK(browser->servers()[0].answers == 10);
  const auto lastSeen = browser->servers()[0].lastSeen;
  CHECK(lastSeen == clock.now());

  server.reset();
  clock.advance(std::chrono::seconds(4));
  reactor.pump(weft::net::Duration::max());
  CHECK(browser->servers().size() == 1);
  clock.advance(std::chrono::seconds(1));  // serverTimeout (5 s) after its last answer
  CHECK(browser->servers().empty());
  CHECK(listener.events.back() == "removed den");
  CHECK(browser->counters().serversTimedOut == 1);
}

TEST_CASE("players coming and going show up as updates with what changed") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.0.0.1");
  RecordingListener listener;
  auto browser =
      browse(reactor, asking("127.0.0.1", server->address().port(), "127.0.0.1"), &listener);
  REQUIRE(pumpUntil(reactor, [&] { return !browser->servers().empty(); }));
  REQUIRE(server->setPlayers(6).ok());
  clock.advance(std::chrono::seconds(1));
  REQUIRE(pumpUntil(reactor, [&] { return listener.events.size() == 2; }));
  CHECK(listener.events[1] == "updated den");
  CHECK(listener.before.at(0).players == 1);
  CHECK(browser->servers()[0].info.players == 6);
}

TEST_CASE("garbage, other games and stale answers at a browser are counted; its list holds") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.0.0.1");
  auto browser = browse(reactor, asking("127.0.0.1", server->address().port(), "127.0.0.1"));
  REQUIRE(pumpUntil(reactor, [&] { return !browser->servers().empty(); }));

  BoundPeer attacker(reactor);
  const auto garbage = garbageForBrowser();
  weft::net::RejectionCounts expected;
  for (const auto& [datagram, reason] : garbage) {
    attacker.peer.send(datagram, browser->address());
    expected.add(reason);
  }
  auto otherGame = arenaInfo("other game");
  otherGame.gameId = kArena + 1;
  attacker.peer.send(weft::net::encodeAnswer({1, otherGame}), browser->address());
  // The right game, but no query of the browser's had this nonce (2^-64 to guess it).
  attacker.peer.send(weft::net::encodeAnswer({1, arenaInfo("impostor")}), browser->address());
  REQUIRE(pumpUntil(reactor, [&] { return browser->counters().staleNonce == 1; }));
  const auto counters = browser->counters();
  for (std::size_t i = 0; i < weft::net::kRejectionCount; ++i) {
    CAPTURE(weft::net::describe(static_cast<weft::net::Rejection>(i)));
    CHECK(counters.rejected.byReason[i] == expected.byReason[i]);
  }
  CHECK(counters.foreignGame == 1);
  REQUIRE(browser->servers().size() == 1);
  CHECK(browser->servers()[0].info == arenaInfo());
  CHECK(log.contains("discovery browser: dropped a datagram from 127.0.0.1:"));

  // And the real server keeps being heard.
  clock.advance(std::chrono::seconds(1));
  REQUIRE(pumpUntil(reactor, [&] { return browser->servers()[0].answers == 2; }));
  CHECK(attacker.peer.received.empty());
}

TEST_CASE("queryNow asks again at once without moving the regular queries") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.0.0.1");
  auto browser = browse(reactor, asking("127.0.0.1", server->address().port(), "127.0.0.1"));
  clock.advance(std::chrono::milliseconds(500));
  browser->queryNow();
  CHECK(browser->counters().queriesSent == 2);
  clock.advance(std::chrono::milliseconds(500));
  CHECK(browser->counters().queriesSent == 3);
  REQUIRE(pumpUntil(reactor, [&] { return browser->counters().answers == 3; }));
}

TEST_CASE("a browser's settings that make no sense are refused, naming the bad value") {
  auto config = asking("127.0.0.1", 7778, "127.0.0.1");
  SUBCASE("an address that is not numeric") {
    config.address = "256.0.0.1";
    CHECK(startError(config) ==
          "discovery browser: address '256.0.0.1' is not a numeric IPv4 or IPv6 address");
  }
  SUBCASE("port 0") {
    config.port = 0;
    CHECK(startError(config) == "discovery browser: port 0: give the servers' discovery port");
  }
  SUBCASE("queries no more often than servers time out") {
    config.queryInterval = std::chrono::seconds(5);
    CHECK(startError(config).starts_with(
        "discovery browser: queryInterval (5s) must be positive and below serverTimeout (5s)"));
  }
  SUBCASE("a timeout of zero") {
    config.serverTimeout = std::chrono::seconds(0);
    CHECK(startError(config) == "discovery browser: serverTimeout must be positive, got 0s");
  }
  SUBCASE("an interface of the other family") {
    config.interface = "::1";
    CHECK(startError(config) ==
          "discovery browser: interface '::1' and address '127.0.0.1' are "
          "not both IPv4 or both IPv6");
  }
  SUBCASE("an interface that is not an address") {
    config.interface = "lo";
    CHECK(startError(config).find("'lo' is not a numeric") != std::string::npos);
  }
}

TEST_CASE("queries that cannot be sent are counted, and the first failure is logged") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  // From ::1, an IPv4-mapped destination has no route: sendto fails, and nothing leaves lo.
  auto browser = browse(reactor, asking("::ffff:127.0.0.1", 9, "::1"));
  clock.advance(std::chrono::seconds(2));
  CHECK(browser->counters().queriesSent == 3);
  CHECK(browser->counters().sendFailures == 3);
  CHECK(log.lines.size() == 1);
  CHECK(log.contains("discovery browser: queries to [::ffff:127.0.0.1]:9 cannot be sent: ",
                     weft::net::LogLevel::Warning));
}

TEST_CASE("the default browser asks the LAN broadcast address at the documented port") {
  const DiscoveryBrowserConfig config;
  CHECK(config.address == "255.255.255.255");
  CHECK(config.port == weft::net::kDiscoveryPort);
  CHECK(weft::net::kDiscoveryPort == 7778);
}

TEST_CASE("a destroyed browser stops querying and closes its socket") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto browser = browse(reactor, asking("127.0.0.1", 9, "127.0.0.1"));
  CHECK(reactor.openHandles() == 1);
  CHECK(reactor.scheduler().pendingCount() == 1);
  browser.reset();
  CHECK(reactor.openHandles() == 0);
  CHECK(reactor.scheduler().pendingCount() == 0);
}

TEST_CASE("a browser keeps listing its server through a query flood from 300 addresses") {
  ManualClock clock;
  RecordingLogger log;
  Reactor reactor(clock, quietConfig(log));
  auto server = serve(reactor, "127.0.0.1");
  RecordingListener listener;
  auto browser =
      browse(reactor, asking("127.0.0.1", server->address().port(), "127.0.0.1"), &listener);
  REQUIRE(pumpUntil(reactor, [&] { return !browser->servers().empty(); }));
  // Each flooder asks four times a second, all its own bucket allows: together 1200 a second,
  // far over the 256 the server answers in all.
  std::deque<BoundPeer> flood;
  for (int i = 0; i < 300; ++i) {
    flood.emplace_back(reactor,
                       "127.0." + std::to_string(1 + i / 250) + "." + std::to_string(2 + i % 250));
  }
  const std::string query = weft::net::encodeQuery({1, kArena});
  std::uint64_t flooded = 0;
  constexpr std::size_t kChunk = 100;      // under what one socket buffer holds: none is dropped
  for (int step = 0; step < 40; ++step) {  // 10 s, two of the browser's server timeouts
    // Time moves without running the browser's timer, so its query joins the queue behind
    // the flood's, as it would in a flood that never pauses.
    clock.spend(std::chrono::milliseconds(250));
    for (std::size_t first = 0; first < flood.size(); first += kChunk) {
      for (std::size_t i = first; i < std::min(flood.size(), first + kChunk); ++i) {
        flood[i].peer.send(query, server->address());
      }
      flooded += std::min(kChunk, flood.size() - first);
      REQUIRE(pumpUntil(reactor, [&] {
        return server->counters().queries == flooded + browser->counters().queriesSent;
      }));
    }
    reactor.pump(weft::net::Duration::max());  // an answer sent on loopback is there already
  }
  reactor.pump(weft::net::Duration::max());
  INFO("browser: ", browser->counters().queriesSent, " queries, ", browser->counters().answers,
       " answers; server: ", server->counters().answers, " answers, ",
       server->counters().answersToKnown, " to known hosts");
  CHECK(listener.events.front() == "added den");
  CHECK(std::count(listener.events.begin(), listener.events.end(), "removed den") == 0);
  REQUIRE(browser->servers().size() == 1);
  CHECK(browser->counters().queriesSent >= 10);
  CHECK(browser->counters().answers >= browser->counters().queriesSent - 1);
  const auto counters = server->counters();
  CHECK(counters.answersToKnown >= 9);
  CHECK(counters.rateLimited > 0);
  // The flood got no more than the overall budget and the known places it took.
  CHECK(counters.answers <= 256 + 256 * 10 + 64 * (4 + 2 * 10));
}
