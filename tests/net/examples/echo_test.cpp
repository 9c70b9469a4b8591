// weft-example-echo as a server (bytes, a real Twisted client, signals, bad command lines: the
// shared Example main) and as the EchoClientFactory client.

#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <string>

#include "tests/net/examples/example_support.h"

using namespace weft::test;

TEST_CASE("the echo server sends every byte back, binary and large writes included") {
  RunningServer server = startServer("echo");
  TestSocket client = TestSocket::connectTo(server.port);
  client.send("hello\r\n");
  CHECK(client.read(7) == "hello\r\n");

  const std::string binary("\0\x01\xff\r\n\n", 6);
  client.send(binary);
  CHECK(client.read(binary.size()) == binary);

  std::string large(300'000, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7);
  client.send(large);
  CHECK(client.read(large.size()) == large);
}

TEST_CASE("a real Twisted client gets its echoes back from the weft echo server") {
  Subprocess probe = weft::testing::startProgram({"/usr/bin/python3", "-c", "import twisted"});
  // tools/dev installs python3-twisted: a Python that cannot import it is a broken set-up.
  REQUIRE_MESSAGE(probe.waitExit(kSoon) == 0,
                  "/usr/bin/python3 cannot import twisted (install python3-twisted): ",
                  probe.stderrSoFar());
  RunningServer server = startServer("echo");
  Subprocess twisted = weft::testing::startProgram(
      {"/usr/bin/python3",
       std::string(WEFT_SOURCE_DIR) + "/tests/net/examples/twisted_echo_client.py",
       std::to_string(server.port)});
  // Python starts slowly on a loaded machine: half a second idle, several seconds under load.
  CHECK(twisted.waitExit(std::chrono::seconds(30)) == 0);
  CHECK(twisted.stdoutSoFar() == "echoed 4 messages\n");
  CHECK(twisted.stderrSoFar() == "");
}

TEST_CASE("the echo client shows each step and what comes back, and ends with its input") {
  RunningServer server = startServer("echo");
  Subprocess client = startExample("echo", {"--connect", server.endpoint()});
  CHECK(client.waitForLine("Connected.", kSoon));
  REQUIRE(client.writeStdin("hello\n"));
  CHECK(client.waitForLine("hello", kSoon) == "hello");
  REQUIRE(client.writeStdin("world\n"));
  client.closeStdin();  // Ctrl-D: hangs up once "world" has come back too
  CHECK(client.waitExit(kSoon) == 0);
  CHECK(client.stdoutSoFar() ==
        "Started to connect.\nConnected.\nhello\nworld\nLost connection. Reason: Connection "
        "closed\n");
  CHECK(client.stderrSoFar() == "");
}

TEST_CASE("the echo client reports a refused connection on stderr and exits 1") {
  const std::uint16_t port = unusedPort();
  Subprocess client = startExample("echo", {"--connect", "tcp:" + std::to_string(port)});
  CHECK(client.waitExit(kSoon) == 1);
  CHECK(client.stdoutSoFar() == "Started to connect.\n");
  CHECK(client.stderrSoFar() == connectionRefused(port));
}

TEST_CASE("Ctrl-C and SIGTERM stop a server cleanly: exit 0, its clients see the close") {
  for (int signal : {SIGINT, SIGTERM}) {
    CAPTURE(signal);
    RunningServer server = startServer("echo");
    TestSocket client = TestSocket::connectTo(server.port);
    client.send("x");
    REQUIRE(client.read(1) == "x");  // connected and served before the signal
    server.process.signal(signal);
    CHECK(server.process.waitExit(kSoon) == 0);
    CHECK(client.waitClosed());
  }
}

TEST_CASE("an endpoint that does not parse exits 2 with the parser's message") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--listen", "tcp:77x7"},
       "weft-example-echo: --listen tcp:77x7: port '77x7' is not a number\n"},
      {{"--listen", "bogus:1"}, "weft-example-echo: --listen bogus:1: "},
      {{"--connect", "tcp:localhost:99999"}, "weft-example-echo: --connect tcp:localhost:99999: "},
      {{"--connect", "udp:7"}, "weft-example-echo: udp:7: the examples speak TCP or Unix sockets"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args[1]);
    Subprocess echo = startExample("echo", c.args);
    CHECK(echo.waitExit(kSoon) == 2);
    CHECK(echo.stderrSoFar().starts_with(c.message));
    CHECK(echo.stdoutSoFar() == "");
  }
}

TEST_CASE("a command line without an endpoint, or with both, exits 2 and says so") {
  Subprocess neither = startExample("echo", {});
  CHECK(neither.waitExit(kSoon) == 2);
  CHECK(neither.stderrSoFar() ==
        "weft-example-echo: give --listen ENDPOINT or --connect ENDPOINT; see --help\n");

  Subprocess both = startExample("echo", {"--listen", "tcp:0", "--connect", "tcp:7"});
  CHECK(both.waitExit(kSoon) == 2);
  CHECK(both.stderrSoFar().find("--listen excludes --connect") != std::string::npos);
}

TEST_CASE("--help describes the program with an example command, and exits 0") {
  Subprocess help = startExample("echo", {"--help"});
  CHECK(help.waitExit(kSoon) == 0);
  const std::string& text = help.stdoutSoFar();
  CHECK(text.starts_with("Echo: a server that sends every byte it receives back"));
  CHECK(text.find("--listen ENDPOINT") != std::string::npos);
  CHECK(text.find("--connect ENDPOINT") != std::string::npos);
  CHECK(text.find("Example:\n  weft-example-echo --listen tcp:8007\n") != std::string::npos);
}

TEST_CASE("a port in use is named on stderr, with a non-zero exit") {
  RunningServer first = startServer("echo");
  const std::string endpoint = "tcp:" + std::to_string(first.port) + ":interface=127.0.0.1";
  Subprocess second = startExample("echo", {"--listen", endpoint});
  CHECK(second.waitExit(kSoon) == 1);
  CHECK(second.stderrSoFar() == "weft-example-echo: cannot listen: " + endpoint +
                                    ": address already in use (is another server listening on "
                                    "port " +
                                    std::to_string(first.port) + "?)\n");
  CHECK(second.stdoutSoFar() == "");
}
