// weft-bench echo-server (hidden): the server half of `weft-bench echo-rtt`, started by it as a
// separate process pinned to its own CPU. `--kind weft` runs Reactor::run with a LineReceiver
// that echoes each line; `--kind raw` is a blocking recv/send loop, the floor to compare with.
// Either listens on 127.0.0.1:0, prints "listening <port> cpu <cpu>", serves one connection and
// exits 0 when the client closes it.
// Run: weft-bench echo-server --kind weft --cpu 0 (by hand, then connect with nc -C)

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/protocols/line_receiver.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"

namespace weft::bench {
namespace {

using net::strCat;

struct ServerOptions {
  std::string kind = "weft";
  int cpu = 0;
};

// The line a client waits for; the echo-rtt side parses it.
void announce(std::uint16_t port) {
  std::cout << "listening " << port << " cpu " << currentCpu() << std::endl;
}

class EchoLine final : public net::LineReceiver {
 public:
  // The default LineReceiverConfig: "\r\n", lines up to 16384 bytes (echo-rtt's --size limit).
  explicit EchoLine(net::Reactor& reactor) : reactor_(reactor) {}
  void lineReceived(std::string_view line) override { sendLine(line); }
  // One client per server: when it leaves, so does the server.
  void connectionLost(const net::Reason&) override { reactor_.stop(); }

 private:
  net::Reactor& reactor_;
};

class EchoFactory final : public net::ServerFactory {
 public:
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<EchoLine>(*reactor);
  }
  net::Reactor* reactor = nullptr;  // set once the reactor exists (it is declared after us)
};

int serveWeft() {
  EchoFactory factory;
  net::SteadyClock clock;
  net::StderrLogger logger(net::LogLevel::Warning);
  net::ReactorConfig config;
  config.logger = &logger;
  net::Reactor reactor(clock, config);
  factory.reactor = &reactor;
  auto endpoint = net::parseServerEndpoint("tcp:0:interface=127.0.0.1");
  auto port = reactor.listen(*endpoint, factory);
  if (!port) {
    std::cerr << "weft-bench echo-server: " << port.error().message << '\n';
    return 1;
  }
  announce((*port)->address().port());
  reactor.run();
  return 0;
}

int systemFailure(const char* what) {
  std::cerr << "weft-bench echo-server: " << what << ": " << std::strerror(errno) << '\n';
  return 1;
}

int serveRaw() {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) ||
      ::listen(listener, 1) ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length)) {
    return systemFailure("listening on 127.0.0.1");
  }
  announce(ntohs(address.sin_port));
  const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return systemFailure("accept");
  ::close(listener);
  const int one = 1;  // as weft sets on every TCP connection
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::vector<char> buffer(64 * 1024);
  while (true) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return systemFailure("recv");
    }
    for (ssize_t sent = 0; sent < n;) {
      const ssize_t m =
          ::send(fd, buffer.data() + sent, static_cast<std::size_t>(n - sent), MSG_NOSIGNAL);
      if (m < 0 && errno != EINTR) return systemFailure("send");
      if (m > 0) sent += m;
    }
  }
  ::close(fd);
  return 0;
}

int runServer(const ServerOptions& options) {
  if (auto pinned = pinToCpu(options.cpu); !pinned) {
    std::cerr << "weft-bench echo-server: " << pinned.error().message << '\n';
    return 1;
  }
  return options.kind == "raw" ? serveRaw() : serveWeft();
}

}  // namespace

Command echoServerCommand(CLI::App& parent) {
  auto options = std::make_shared<ServerOptions>();
  CLI::App* cli = parent.add_subcommand(
      "echo-server", "The server process of echo-rtt (started by it; not for direct use)");
  cli->group("");  // hidden from weft-bench --help
  cli->add_option("--kind", options->kind, "weft (Reactor::run + LineReceiver) or raw (recv/send)")
      ->check(CLI::IsMember({"weft", "raw"}))
      ->required();
  cli->add_option("--cpu", options->cpu, "CPU to pin this process to")->required();
  return {cli, [options] { return runServer(*options); }};
}

}  // namespace weft::bench
