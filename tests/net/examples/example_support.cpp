#include "tests/net/examples/example_support.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace weft::test {

namespace {

using Steady = std::chrono::steady_clock;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::uint16_t boundPort(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  return ntohs(address.sin_port);
}

// Waits until `until` for `fd` to become readable; false when the time is up.
bool readable(int fd, Steady::time_point until) {
  for (;;) {
    const auto left = std::chrono::ceil<Milliseconds>(until - Steady::now());
    if (left.count() < 0) return false;
    pollfd wait{fd, POLLIN, 0};
    const int ready = ::poll(&wait, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready == 0 && Steady::now() >= until) return false;
  }
}

}  // namespace

std::string examplePath(std::string_view name) {
  return weft::testing::binPath("weft-example-" + std::string(name));
}

Subprocess startExample(std::string_view name, std::vector<std::string> args) {
  args.insert(args.begin(), examplePath(name));
  return weft::testing::startProgram(std::move(args));
}

std::string RunningServer::endpoint() const {
  return "tcp:" + std::to_string(port);
}

RunningServer startServer(std::string_view name, std::vector<std::string> extraArgs) {
  extraArgs.insert(extraArgs.begin(), {"--listen", "tcp:0:interface=127.0.0.1"});
  RunningServer server{startExample(name, std::move(extraArgs))};
  const auto line = server.process.waitForLine("listening on ", kSoon);
  REQUIRE_MESSAGE(line, "weft-example-", name,
                  " did not start listening; stderr: ", server.process.stderrSoFar());
  REQUIRE(line->starts_with("listening on 127.0.0.1:"));
  const std::string_view digits = std::string_view(*line).substr(line->rfind(':') + 1);
  REQUIRE(std::from_chars(digits.data(), digits.data() + digits.size(), server.port).ec ==
          std::errc{});
  return server;
}

std::uint16_t unusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  const sockaddr_in address = loopback(0);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  const std::uint16_t port = boundPort(fd);
  ::close(fd);
  return port;
}

std::string connectionRefused(std::uint16_t port) {
  const std::string address = "127.0.0.1:" + std::to_string(port);
  return "Connection failed. Reason: Connection refused: nothing accepts connections at " +
         address + "\n";
}

// --- TestSocket ----------------------------------------------------------------------------

TestSocket::TestSocket(TestSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      peerClosed_(other.peerClosed_) {}

TestSocket::~TestSocket() {
  close();
}

TestSocket TestSocket::connectFrom(const char* source, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in local = loopback(0);
  REQUIRE(::inet_pton(AF_INET, source, &local.sin_addr) == 1);
  REQUIRE_MESSAGE(::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) == 0,
                  "binding to ", source, ": ", std::strerror(errno));
  TestSocket socket(fd);
  const sockaddr_in address = loopback(port);
  REQUIRE_MESSAGE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0,
                  "connecting from ", source, " to 127.0.0.1:", port, ": ", std::strerror(errno));
  return socket;
}

TestSocket TestSocket::connectTo(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  TestSocket socket(fd);
  const sockaddr_in address = loopback(port);
  // A loopback connect completes (or is refused) at once: the kernel answers for the peer.
  REQUIRE_MESSAGE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0,
                  "connecting to 127.0.0.1:", port, ": ", std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return socket;
}

void TestSocket::send(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    REQUIRE_MESSAGE(n > 0, "send: ", std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool TestSocket::receiveMore(Steady::time_point until) {
  if (peerClosed_ || !readable(fd_, until)) return false;
  char chunk[16384];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n > 0) {
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  if (n < 0 && errno == EINTR) return true;
  peerClosed_ = true;  // end of stream, or reset: either way nothing more will come
  return false;
}

std::string TestSocket::read(std::size_t count, Milliseconds deadline) {
  const auto until = Steady::now() + deadline;
  while (buffer_.size() < count && receiveMore(until)) {
  }
  std::string out = buffer_.substr(0, count);
  buffer_.erase(0, out.size());
  return out;
}

std::string TestSocket::readLine(Milliseconds deadline) {
  const auto until = Steady::now() + deadline;
  while (buffer_.find('\n') == std::string::npos && receiveMore(until)) {
  }
  const std::size_t newline = buffer_.find('\n');
  std::string out = buffer_.substr(0, newline == std::string::npos ? newline : newline + 1);
  buffer_.erase(0, out.size());
  return out;
}

bool TestSocket::waitClosed(Milliseconds deadline) {
  const auto until = Steady::now() + deadline;
  while (receiveMore(until)) {
  }
  return peerClosed_;
}

bool TestSocket::dataArrives(Milliseconds deadline) {
  return !buffer_.empty() || receiveMore(Steady::now() + deadline);
}

void TestSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

// --- TestListener --------------------------------------------------------------------------

TestListener::TestListener(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const sockaddr_in address = loopback(port);
  REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(fd_, 16) == 0);
  port_ = boundPort(fd_);
}

TestListener::~TestListener() {
  ::close(fd_);
}

std::string TestListener::endpoint() const {
  return "tcp:" + std::to_string(port_);
}

std::optional<TestSocket> TestListener::accept(Milliseconds deadline) {
  if (!readable(fd_, Steady::now() + deadline)) return std::nullopt;
  const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  REQUIRE_MESSAGE(fd >= 0, "accept: ", std::strerror(errno));
  return TestSocket(fd);
}

}  // namespace weft::test
