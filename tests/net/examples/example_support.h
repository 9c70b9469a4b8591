// What the example tests share: starting an example as a process and reading its real port, and
// plain loopback sockets whose every wait has a deadline, to check the exact bytes on the wire.
// Tests: exercised by every test in tests/net/examples/
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/programs.h"

namespace weft::test {

using Milliseconds = std::chrono::milliseconds;
using weft::tools::Subprocess;

// Generous, so that a loaded CI machine and the sanitizer build pass; a passing test never waits
// this long.
inline constexpr Milliseconds kSoon{20000};

// build/bin/weft-example-<name>.
std::string examplePath(std::string_view name);

// Starts weft-example-<name> with `args` (which must include --listen).
Subprocess startExample(std::string_view name, std::vector<std::string> args);

// A server example listening on 127.0.0.1 at a port the system picked, read from its
// "listening on 127.0.0.1:PORT" line.
struct RunningServer {
  Subprocess process;
  std::uint16_t port = 0;
  std::string endpoint() const;  // "tcp:PORT", for a client's --connect
};
RunningServer startServer(std::string_view name, std::vector<std::string> extraArgs = {});

// A loopback port with nothing listening on it (the system picked it, and it was let go).
std::uint16_t unusedPort();

// What the client examples print on stderr when nothing listens on 127.0.0.1:`port`.
std::string connectionRefused(std::uint16_t port);

// One end of a TCP connection over loopback, in blocking style for readable tests, but no read
// waits past its deadline. Reads keep what arrives beyond what they return for the next read.
class TestSocket {
 public:
  explicit TestSocket(int fd) : fd_(fd) {}
  TestSocket(TestSocket&& other) noexcept;
  TestSocket& operator=(TestSocket&&) = delete;
  TestSocket(const TestSocket&) = delete;
  TestSocket& operator=(const TestSocket&) = delete;
  ~TestSocket();

  // Connects to 127.0.0.1:`port`; fails the test if that is refused.
  static TestSocket connectTo(std::uint16_t port);
  // The same from the loopback address `source` ("127.0.0.2": all of 127.0.0.0/8 is this
  // host's), so a server sees another client host.
  static TestSocket connectFrom(const char* source, std::uint16_t port);

  void send(std::string_view data);
  // The next `count` bytes; fewer if the peer closed or `deadline` passed first.
  std::string read(std::size_t count, Milliseconds deadline = kSoon);
  // The next line, its "\n" included; or what arrived before the peer closed or `deadline`.
  std::string readLine(Milliseconds deadline = kSoon);
  // Whether the peer closes (after sending nothing more than what is already read) in time.
  bool waitClosed(Milliseconds deadline = kSoon);
  // Whether something arrives within `deadline`.
  bool dataArrives(Milliseconds deadline);
  // Closes this end now.
  void close();

 private:
  // Waits until `until` for more bytes; false once the peer closed or the time is up.
  bool receiveMore(std::chrono::steady_clock::time_point until);

  int fd_ = -1;
  std::string buffer_;
  bool peerClosed_ = false;
};

// A listening socket on 127.0.0.1 for examples that are clients.
class TestListener {
 public:
  explicit TestListener(std::uint16_t port = 0);
  ~TestListener();
  TestListener(const TestListener&) = delete;
  TestListener& operator=(const TestListener&) = delete;

  std::uint16_t port() const { return port_; }
  std::string endpoint() const;  // "tcp:PORT"
  // The next connection, if one arrives within `deadline`.
  std::optional<TestSocket> accept(Milliseconds deadline = kSoon);

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace weft::test
