// weft-example-qotd: the quote, a line ending, and the close.

#include <doctest/doctest.h>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

TEST_CASE("every client gets the default quote and a line ending, then the server hangs up") {
  RunningServer server = startServer("qotd");
  for (int i = 0; i < 2; ++i) {
    TestSocket client = TestSocket::connectTo(server.port);
    CHECK(client.read(100) == "An apple a day keeps the doctor away\r\n");
    CHECK(client.waitClosed());
  }
}

TEST_CASE("--quote replaces the quote") {
  RunningServer server = startServer("qotd", {"--quote", "Carpe diem"});
  TestSocket client = TestSocket::connectTo(server.port);
  CHECK(client.read(100) == "Carpe diem\r\n");
  CHECK(client.waitClosed());
}
