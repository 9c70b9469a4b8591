// weft-example-spreader-client: hellos from a LoopingCall, what it receives, and its factory's
// events, against a test server (and once against the real spreader).

#include <doctest/doctest.h>
#include <signal.h>

#include <regex>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {
const std::regex kHello(
    R"(hello, i am tester [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\r\n)");
}  // namespace

TEST_CASE("the client says hello every interval and prints what it receives") {
  TestListener listener;
  Subprocess client = startExample("spreader-client", {"--connect", listener.endpoint(),
                                                       "--interval", "0.2", "--name", "tester"});
  auto server = listener.accept();
  REQUIRE(server);
  for (int i = 0; i < 3; ++i) CHECK(std::regex_match(server->readLine(), kHello));

  server->send("news from elsewhere\r\n");
  CHECK(client.waitForLine("news", kSoon) == "news from elsewhere");
  server->close();
  CHECK(client.waitExit(kSoon) == 0);
  CHECK(client.stdoutSoFar() ==
        "Started to connect.\nConnected.\nnews from elsewhere\n"
        "Lost connection. Reason: Connection closed: the other side closed the connection\n");
}

TEST_CASE("two spreader clients hear each other through the real spreader") {
  RunningServer spreader = startServer("spreader");
  Subprocess alice = startExample("spreader-client", {"--connect", spreader.endpoint(),
                                                      "--interval", "0.2", "--name", "alice"});
  Subprocess bob = startExample(
      "spreader-client", {"--connect", spreader.endpoint(), "--interval", "0.2", "--name", "bob"});
  CHECK(alice.waitForLine("hello, i am bob ", kSoon));
  CHECK(bob.waitForLine("hello, i am alice ", kSoon));
  CHECK(alice.stdoutSoFar().find("hello, i am alice") == std::string::npos);
  alice.signal(SIGTERM);
  bob.signal(SIGINT);
  CHECK(alice.waitExit(kSoon) == 0);
  CHECK(bob.waitExit(kSoon) == 0);
}

TEST_CASE("a refused connection is reported on stderr, and the exit code is 1") {
  const std::uint16_t port = unusedPort();
  Subprocess client = startExample("spreader-client", {"--connect", "tcp:" + std::to_string(port)});
  CHECK(client.waitExit(kSoon) == 1);
  CHECK(client.stdoutSoFar() == "Started to connect.\n");
  CHECK(client.stderrSoFar() == connectionRefused(port));
}
