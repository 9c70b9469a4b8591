// weft-example-echo-quota: the seed's quota of 100 connections at once.

#include <doctest/doctest.h>

#include <vector>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {

constexpr std::string_view kTurnedAway = "Too many connections, try later\r\n";

// A connection the server has accepted and counted: it echoed.
TestSocket servedConnection(std::uint16_t port) {
  TestSocket client = TestSocket::connectTo(port);
  client.send("ping");
  REQUIRE(client.read(4) == "ping");
  return client;
}

}  // namespace

TEST_CASE(
    "past 100 connections a newcomer is told to try later and closed; a leaver frees a place") {
  RunningServer server = startServer("echo-quota");
  std::vector<TestSocket> served;
  for (int i = 0; i < 100; ++i) served.push_back(servedConnection(server.port));

  TestSocket extra = TestSocket::connectTo(server.port);
  CHECK(extra.read(kTurnedAway.size()) == kTurnedAway);
  CHECK(extra.waitClosed());

  // The server counts a leaver out when it reads the close, some time after ours: until then a
  // newcomer may still be turned away, so try until one is served. (Newcomers send first, so one
  // turned away may see a reset instead of the message: the server closed with "pong" unread.)
  served.front().close();
  bool admitted = false;
  for (int attempt = 0; attempt < 1000 && !admitted; ++attempt) {
    TestSocket newcomer = TestSocket::connectTo(server.port);
    newcomer.send("pong");
    admitted = newcomer.read(4) == "pong";
    if (!admitted) CHECK(newcomer.waitClosed());
  }
  CHECK(admitted);
}

TEST_CASE("--max-connections sets the quota") {
  RunningServer server = startServer("echo-quota", {"--max-connections", "1"});
  TestSocket first = servedConnection(server.port);
  TestSocket second = TestSocket::connectTo(server.port);
  CHECK(second.read(kTurnedAway.size()) == kTurnedAway);
  CHECK(second.waitClosed());
  first.send("still here");
  CHECK(first.read(10) == "still here");
}
