// weft-example-spreader: welcomes, forwarding to the other clients only, "close", and its console.

#include <doctest/doctest.h>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {

std::string welcome(int number) {
  return "Welcome to the spread site, you are client number " + std::to_string(number) + "!\r\n";
}

// A client the server has welcomed (and so registered: it welcomes in connectionMade).
TestSocket join(RunningServer& server, int number) {
  TestSocket client = TestSocket::connectTo(server.port);
  REQUIRE(client.readLine() == welcome(number));
  CHECK(server.process.waitForLine("new connection:", kSoon) ==
        "new connection: " + std::to_string(number));
  return client;
}

}  // namespace

TEST_CASE("each client is welcomed with its number, and its lines go to the others only") {
  RunningServer server = startServer("spreader");
  TestSocket one = join(server, 1);
  TestSocket two = join(server, 2);
  TestSocket three = join(server, 3);

  one.send("hello from one\n");
  CHECK(two.readLine() == "hello from one\r\n");
  CHECK(three.readLine() == "hello from one\r\n");
  two.send("hi from two\r\n");
  CHECK(three.readLine() == "hi from two\r\n");
  // One's next bytes are two's line: its own line did not come back to it.
  CHECK(one.readLine() == "hi from two\r\n");
}

TEST_CASE("the line close hangs up on that client alone, and the server prints who left") {
  RunningServer server = startServer("spreader");
  TestSocket one = join(server, 1);
  TestSocket two = join(server, 2);
  TestSocket three = join(server, 3);

  two.send("close\n");
  CHECK(two.waitClosed());
  CHECK(server.process.waitForLine("closed connection:", kSoon) == "closed connection: 2");
  one.send("still here\n");
  CHECK(three.readLine() == "still here\r\n");
  three.send("me too\n");
  CHECK(one.readLine() == "me too\r\n");

  TestSocket four = join(server, 4);  // numbers are not reused
  one.close();
  CHECK(server.process.waitForLine("closed connection:", kSoon) == "closed connection: 1");
}

TEST_CASE("the console says how to join with nc") {
  RunningServer server = startServer("spreader");
  const auto hint = server.process.waitForLine("join", kSoon);
  REQUIRE(hint);
  CHECK(hint->starts_with("join from other terminals with: nc localhost " +
                          std::to_string(server.port) + " "));
}
