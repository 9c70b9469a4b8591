// weft-example-greeter: connectProtocol, then two messages and a hang-up on the reactor's timers.

#include <doctest/doctest.h>

#include <chrono>

#include "tests/net/examples/example_support.h"

using namespace weft::test;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

TEST_CASE("the greeter says hello at once, again a second later, and hangs up after two") {
  TestListener listener;
  Subprocess greeter = startExample("greeter", {"--connect", listener.endpoint()});
  auto server = listener.accept();
  REQUIRE(server);
  CHECK(server->readLine() == "MESSAGE Hello\n");
  const auto hello = Steady::now();
  CHECK(server->readLine() == "MESSAGE This is sent in a second\n");
  const auto second = Steady::now();
  CHECK(server->waitClosed());
  const auto closed = Steady::now();
  // Both timers start as "Hello" is sent; 0.1 s of slack is for the scheduling of two processes
  // (under heavy load the gaps measured 0.97 s at worst).
  CHECK(second - hello >= 900ms);
  CHECK(closed - second >= 900ms);

  CHECK(greeter.waitExit(kSoon) == 0);
  CHECK(greeter.stdoutSoFar() ==
        "sending: Hello\nsending: This is sent in a second\n"
        "Connection closed. Reason: Connection closed\n");
}

TEST_CASE("a refused greeter says why on stderr and exits 1") {
  const std::uint16_t port = unusedPort();
  Subprocess greeter = startExample("greeter", {"--connect", "tcp:" + std::to_string(port)});
  CHECK(greeter.waitExit(kSoon) == 1);
  CHECK(greeter.stderrSoFar() == connectionRefused(port));
  CHECK(greeter.stdoutSoFar() == "");
}
