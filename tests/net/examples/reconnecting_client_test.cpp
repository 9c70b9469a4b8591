// weft-example-reconnecting-client: Twisted's backoff against a closed port, as its log shows,
// then a connection once a server appears there.

#include <doctest/doctest.h>
#include <signal.h>

#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {

// The delay in seconds from "weft info: reconnecting to tcp:127.0.0.1:PORT in 0.129s (retry 1)".
double delayIn(const std::string& line) {
  const std::size_t in = line.find(" in ");
  REQUIRE(in != std::string::npos);
  return std::strtod(line.c_str() + in + 4, nullptr);
}

}  // namespace

TEST_CASE("against a closed port the retries wait longer and longer, until a server appears") {
  const std::uint16_t port = unusedPort();
  const std::string endpoint = "tcp:" + std::to_string(port);
  Subprocess client = startExample(
      "reconnecting-client",
      {"--connect", endpoint, "--initial-delay", "0.05", "--max-delay", "0.5", "--seed", "1"});
  std::vector<double> delays;
  for (int retry = 1; retry <= 3; ++retry) {
    const auto line = client.waitForLine("reconnecting to", kSoon, Subprocess::Stream::Stderr);
    REQUIRE(line);
    CHECK(line->starts_with("weft info: reconnecting to tcp:127.0.0.1:" + std::to_string(port) +
                            " in "));
    CHECK(line->ends_with("s (retry " + std::to_string(retry) + ")"));
    delays.push_back(delayIn(*line));
  }
  CHECK(delays[0] > 0.05);  // the first retry waits about initial-delay * e
  CHECK(delays[0] < delays[1]);
  CHECK(delays[1] < delays[2]);
  CHECK(client.waitForLine("Connection failed. Reason: Connection refused", kSoon));

  // A QOTD server on that port: the client connects, prints the quote, and when the server
  // hangs up starts over from the initial delay.
  Subprocess server = startExample("qotd", {"--listen", endpoint + ":interface=127.0.0.1"});
  REQUIRE(server.waitForLine("listening on", kSoon));
  CHECK(client.waitForLine("Connected.", kSoon));
  CHECK(client.waitForLine("", kSoon) == "Resetting reconnection delay");
  CHECK(client.waitForLine("", kSoon) == "An apple a day keeps the doctor away");
  CHECK(client.waitForLine("", kSoon) ==
        "Lost connection. Reason: Connection closed: the other side closed the connection");
  CHECK(client.waitForLine("(retry 1)", kSoon, Subprocess::Stream::Stderr));

  client.signal(SIGTERM);
  CHECK(client.waitExit(kSoon) == 0);
}

TEST_CASE("after --max-retries the client gives up with exit code 1") {
  const std::uint16_t port = unusedPort();
  const std::string destination = "tcp:127.0.0.1:" + std::to_string(port);
  Subprocess client =
      startExample("reconnecting-client", {"--connect", "tcp:" + std::to_string(port),
                                           "--initial-delay", "0.01", "--max-retries", "2"});
  CHECK(client.waitExit(kSoon) == 1);
  const std::string attempt =
      "Started to connect.\nConnection failed. Reason: Connection refused: nothing accepts "
      "connections at 127.0.0.1:" +
      std::to_string(port) + "\n";
  CHECK(client.stdoutSoFar() == attempt + attempt + attempt);
  const std::string delay = R"( in [0-9.e-]+s \(retry )";
  CHECK(std::regex_match(
      client.stderrSoFar(),
      std::regex("weft info: reconnecting to " + destination + delay + "1\\)\n" +
                 "weft info: reconnecting to " + destination + delay + "2\\)\n" +
                 "weft info: giving up on " + destination + " after 2 retries\n")));
}
