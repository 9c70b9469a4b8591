#include "tools/bench/far_end_holder.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

using weft::bench::FarEndHolder;

namespace {

// A loopback TCP connection made with plain sockets: {server end, client end}.
std::pair<int, int> connectedPair(int listener) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  const int server = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  REQUIRE(server >= 0);
  return {server, client};
}

int listenLoopback() {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 512) == 0);
  return listener;
}

// True once the peer has closed: readable with nothing to read (or reset), within 5 s.
bool peerClosed(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 5000) != 1) return false;
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

bool stillOpen(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 50) == 0;
}

}  // namespace

TEST_CASE("the holder keeps handed-over client ends open after this process closed its copies") {
  const int listener = listenLoopback();
  auto holder = FarEndHolder::start();
  REQUIRE(holder.ok());
  // More than one SCM_RIGHTS message holds (253), to cover the chunking.
  std::vector<int> servers, clients;
  for (int i = 0; i < 300; ++i) {
    auto [server, client] = connectedPair(listener);
    servers.push_back(server);
    clients.push_back(client);
  }
  REQUIRE(holder->adopt(clients).ok());
  CHECK(holder->held() == 300);
  for (int fd : clients) CHECK(::fcntl(fd, F_GETFD) == -1);  // ours are closed
  CHECK(stillOpen(servers.front()));
  CHECK(stillOpen(servers.back()));

  SUBCASE("and destroying the holder closes them") {
    { FarEndHolder gone = std::move(*holder); }
    CHECK(peerClosed(servers.front()));
    CHECK(peerClosed(servers.back()));
  }
  for (int fd : servers) ::close(fd);
  ::close(listener);
}

TEST_CASE("the holder does not keep this process's other descriptors open") {
  const int listener = listenLoopback();
  auto [server, client] = connectedPair(listener);
  auto holder = FarEndHolder::start();  // forked while `client` is open here
  REQUIRE(holder.ok());
  ::close(client);
  CHECK(peerClosed(server));  // the holder's inherited copy was closed, so the FIN went out
  ::close(server);
  ::close(listener);
}

TEST_CASE("adopt reports a holder that is gone, and still closes the descriptors") {
  auto holder = FarEndHolder::start();
  REQUIRE(holder.ok());
  ::kill(holder->pid(), SIGKILL);
  siginfo_t info{};  // wait for the death without reaping it: the holder still owns the pid
  REQUIRE(::waitid(P_PID, static_cast<id_t>(holder->pid()), &info, WEXITED | WNOWAIT) == 0);
  const int listener = listenLoopback();
  auto [server, client] = connectedPair(listener);
  const bool failed = !holder->adopt(std::vector<int>{::dup(client)}).ok();
  CHECK(failed);
  ::close(client);
  ::close(server);
  ::close(listener);
}
