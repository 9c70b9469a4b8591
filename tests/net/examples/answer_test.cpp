// weft-example-answer: the LineReceiver bot, with telnet's and nc's line endings.

#include <doctest/doctest.h>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

TEST_CASE("the bot answers the question it knows with Fine, whichever line ending ends it") {
  RunningServer server = startServer("answer");
  TestSocket client = TestSocket::connectTo(server.port);
  client.send("How are you?\r\n");
  CHECK(client.readLine() == "Fine\r\n");
  client.send("How are you?\n");  // nc sends a bare "\n"
  CHECK(client.readLine() == "Fine\r\n");
}

TEST_CASE("anything else gets \"I don't know what you mean\", a line at a time") {
  RunningServer server = startServer("answer");
  TestSocket client = TestSocket::connectTo(server.port);
  client.send("What?\nHow are");
  CHECK(client.readLine() == "I don't know what you mean\r\n");
  client.send(" you?\r\n\r\n");
  CHECK(client.read(6 + 28) == "Fine\r\nI don't know what you mean\r\n");
}
