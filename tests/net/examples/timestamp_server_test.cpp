// weft-example-timestamp-server: "[ctime] line" for each line, and where clients come from.

#include <doctest/doctest.h>

#include <regex>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {
// ctime()'s format, as in "[Tue Apr 18 23:53:09 2006] ": the day of the month padded with a space.
const std::string kCtime =
    R"(\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) )"
    R"((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )"
    R"(( [1-9]|[12][0-9]|3[01]) [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}\] )";
}  // namespace

TEST_CASE("each line comes back after the local time in ctime's format") {
  RunningServer server = startServer("timestamp-server");
  TestSocket client = TestSocket::connectTo(server.port);
  client.send("Where is hope\n");
  CHECK(std::regex_match(client.readLine(), std::regex(kCtime + "Where is hope\r\n")));
  client.send("When words fail\r\n");
  CHECK(std::regex_match(client.readLine(), std::regex(kCtime + "When words fail\r\n")));
}

TEST_CASE("the server prints where each client connects from") {
  RunningServer server = startServer("timestamp-server");
  TestSocket first = TestSocket::connectTo(server.port);
  TestSocket second = TestSocket::connectTo(server.port);
  CHECK(server.process.waitForLine("...connected from:", kSoon) == "...connected from: 127.0.0.1");
  CHECK(server.process.waitForLine("...connected from:", kSoon) == "...connected from: 127.0.0.1");
}
