// weft-example-timestamp-client, driven through its standard input against the real
// weft-example-timestamp-server.

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <regex>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

namespace {

const std::string kStamp = R"(\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4}\] )";

// The whole conversation for `lines`, as the client prints it when its input is not a terminal
// (what is typed is not echoed, so "...sending" follows the prompt on its line).
std::regex conversation(std::initializer_list<std::string> lines) {
  std::string pattern;
  for (const std::string& line : lines) {
    pattern += "> \\.\\.\\.sending " + line + "\\.\\.\\.\n" + kStamp + line + "\n";
  }
  return std::regex(pattern + "> \n");
}

}  // namespace

TEST_CASE("the client prompts, sends each line, shows the answer, and an empty line ends it") {
  RunningServer server = startServer("timestamp-server");
  Subprocess client = startExample("timestamp-client", {"--connect", server.endpoint()});
  REQUIRE(client.writeStdin("Where is hope\n"));
  const auto answer = client.waitForLine("] Where is hope", kSoon);
  REQUIRE(answer);
  CHECK(std::regex_match(*answer, std::regex(kStamp + "Where is hope")));
  REQUIRE(client.writeStdin("When words fail\n"));
  CHECK(client.waitForLine("] When words fail", kSoon));
  REQUIRE(client.writeStdin("\n"));
  CHECK(client.waitExit(kSoon) == 0);
  CHECK(std::regex_match(client.stdoutSoFar(), conversation({"Where is hope", "When words fail"})));
  CHECK(client.stderrSoFar() == "");
}

TEST_CASE("lines piped in at once are sent one at a time, each after the previous answer") {
  RunningServer server = startServer("timestamp-server");
  Subprocess client = startExample("timestamp-client", {"--connect", server.endpoint()});
  REQUIRE(client.writeStdin("one\ntwo\nthree\n\nnever sent\n"));
  CHECK(client.waitExit(kSoon) == 0);
  CHECK(std::regex_match(client.stdoutSoFar(), conversation({"one", "two", "three"})));
}

TEST_CASE("input that ends before the connection is up is still sent, then hangs up") {
  RunningServer server = startServer("timestamp-server");
  // The whole input, end included, is waiting before the client starts, and "localhost" has to
  // be resolved first: the end of input arrives before the connection does.
  const std::string endpoint = "tcp:localhost:" + std::to_string(server.port);
  Subprocess client = weft::testing::startProgram(
      {"/bin/sh", "-c",
       "printf 'Where is hope\\nWhen words fail\\n' | exec \"$0\" --connect \"$1\"",
       weft::testing::binPath("weft-example-timestamp-client"), endpoint});
  CHECK(client.waitExit(kSoon) == 0);
  CHECK(std::regex_match(client.stdoutSoFar(), conversation({"Where is hope", "When words fail"})));
}

TEST_CASE("input from a file works too, and its end hangs up like an empty line") {
  RunningServer server = startServer("timestamp-server");
  char path[] = "/tmp/weft-timestamp-input-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "from a file\n", 12) == 12);
  ::close(fd);
  Subprocess client =
      weft::testing::startProgram({"/bin/sh", "-c", "exec \"$0\" --connect \"$1\" < \"$2\"",
                                   examplePath("timestamp-client"), server.endpoint(), path});
  CHECK(client.waitExit(kSoon) == 0);
  CHECK(std::regex_match(client.stdoutSoFar(), conversation({"from a file"})));
  std::remove(path);
}

TEST_CASE("a refused connection is reported with its reason, and the exit code is 1") {
  const std::uint16_t port = unusedPort();
  Subprocess client =
      startExample("timestamp-client", {"--connect", "tcp:" + std::to_string(port)});
  CHECK(client.waitExit(kSoon) == 1);
  CHECK(client.stderrSoFar() == connectionRefused(port));
  CHECK(client.stdoutSoFar() == "");
}
