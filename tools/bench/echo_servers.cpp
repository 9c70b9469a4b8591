// weft-bench echo-server and enet-echo-server (hidden): the server processes of echo-rtt, and of
// enet-echo and enet-peers. Each pins itself to --cpu, listens on 127.0.0.1:0, prints
// "listening <port> cpu <cpu>", and exits 0 when its last client has left. tools/bench/README.md
// says what the weft and the raw kinds do per wake-up.
// Run: weft-bench echo-server --kind weft --cpu 0 (by hand, then connect with nc -C)

#include "tools/bench/echo_servers.h"

#include <arpa/inet.h>
#include <enet/enet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/enet/enet_config.h"
#include "net/enet/enet_library.h"
#include "net/protocols/line_receiver.h"
#include "net/protocols/message_protocol.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/raw_enet.h"

namespace weft::bench {

using net::strCat;

std::vector<std::string> echoServerArgv(const std::string& self, const std::string& kind, int cpu) {
  return {self, "echo-server", "--kind", kind, "--cpu", strCat(cpu)};
}

std::vector<std::string> enetServerArgv(const std::string& self, const EnetServerKind& kind,
                                        int cpu, int peers,
                                        const std::vector<std::string>& wrapper) {
  std::vector<std::string> argv = wrapper;
  argv.insert(argv.end(), {self, "enet-echo-server", "--kind", kind.kind, "--cpu", strCat(cpu),
                           "--peers", strCat(peers)});
  if (!kind.batch.empty()) argv.insert(argv.end(), {"--batch", kind.batch});
  return argv;
}

namespace {

constexpr int kMaxPeers = 4094;            // what an enet: endpoint accepts
constexpr enet_uint32 kRawTimeoutMs = 10;  // the raw ENet loop's service timeout, weft's tick too

struct ServerOptions {
  std::string kind = "weft";
  int cpu = 0;
  int peers = 1;
  std::string batch;  // ENet, weft only: the endpoint's batch=, in seconds
};

// The load's peers connect at once, from one address and port, as a LAN's many clients might: a
// handshake slot for each, so that the server's handshake limits (EnetHandshakeLimits) neither
// slow the connecting down nor change what is measured.
net::EnetHandshakeLimits handshakeLimits(int peers) {
  const auto all = static_cast<std::size_t>(peers);
  return {.maxInProgress = all, .maxPerAddress = all};
}

// The line the benchmark waits for (helper_server.h parses it).
void announce(std::uint16_t port) {
  std::cout << "listening " << port << " cpu " << currentCpu() << std::endl;
}

int failure(const std::string& why) {
  std::cerr << "weft-bench: echo server: " << why << '\n';
  return 1;
}

// Clients alive, so that the server leaves with its last one.
struct Occupancy {
  net::Reactor* reactor = nullptr;
  int live = 0;
  void joined() { ++live; }
  void left() {
    if (--live == 0) reactor->stop();
  }
};

class EchoLine final : public net::LineReceiver {
 public:
  // The default LineReceiverConfig: "\r\n", lines up to 16384 bytes (echo-rtt's --size limit).
  explicit EchoLine(Occupancy& occupancy) : occupancy_(occupancy) {}
  void connectionMade() override { occupancy_.joined(); }
  void lineReceived(std::string_view line) override { sendLine(line); }
  void connectionLost(const net::Reason&) override { occupancy_.left(); }

 private:
  Occupancy& occupancy_;
};

class EchoMessages final : public net::MessageProtocol {
 public:
  explicit EchoMessages(Occupancy& occupancy) : occupancy_(occupancy) {}
  void connectionMade() override { occupancy_.joined(); }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    send(channel, message,
         channel == kReliableChannel ? net::Delivery::Reliable : net::Delivery::Unreliable);
  }
  void connectionLost(const net::Reason&) override { occupancy_.left(); }

 private:
  Occupancy& occupancy_;
};

template <typename Echo>
class EchoFactory final : public net::ServerFactory {
 public:
  explicit EchoFactory(Occupancy& occupancy) : occupancy_(occupancy) {}
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<Echo>(occupancy_);
  }

 private:
  Occupancy& occupancy_;
};

// Reactor::run with an Echo for each client of `endpoint`, until the last one has left.
template <typename Echo>
int serveWeft(const std::string& endpoint, net::TransportSettings transports = {}) {
  Occupancy occupancy;
  EchoFactory<Echo> factory(occupancy);
  net::SteadyClock clock;
  net::StderrLogger logger(net::LogLevel::Warning);
  net::ReactorConfig config;
  config.logger = &logger;
  config.transports = std::move(transports);
  net::Reactor reactor(clock, config);
  occupancy.reactor = &reactor;
  auto parsed = net::parseServerEndpoint(endpoint);
  if (!parsed) return failure(parsed.error().message);
  auto port = reactor.listen(*parsed, factory);
  if (!port) return failure(port.error().message);
  announce((*port)->address().port());
  reactor.run();
  return 0;
}

int systemFailure(const char* what) {
  return failure(strCat(what, ": ", std::strerror(errno)));
}

// A blocking recv/send loop serving one connection: the floor for echo-rtt.
int serveRawTcp() {
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

// The ENet tutorial's loop written the straightforward way: each message answered and flushed
// at once, in a datagram of its own. The floor for enet-echo and enet-peers.
int serveRawEnet(int peers) {
  auto library = net::detail::EnetLibrary::acquire();
  if (!library) return failure(library.error().message);
  ENetAddress address{};
  enet_address_set_host_ip(&address, "127.0.0.1");
  address.port = 0;
  // One slot more than the peers it serves, as many as ENet visits on each of weft's services
  // once they are connected (weft's spare handshake slots are then out of ENet's view).
  ENetHost* host =
      enet_host_create(&address, static_cast<std::size_t>(peers) + 1, kEchoChannels, 0, 0);
  if (host == nullptr) return failure("cannot create an ENet host on 127.0.0.1");
  if (enet_socket_get_address(host->socket, &address) != 0) {
    enet_host_destroy(host);
    return failure("cannot read the ENet host's port");
  }
  announce(address.port);
  int live = 0;
  bool served = false;
  ENetEvent event;
  while (!served || live > 0) {
    const int result = enet_host_service(host, &event, kRawTimeoutMs);
    if (result < 0) {
      enet_host_destroy(host);
      return failure("enet_host_service failed");
    }
    if (result == 0) continue;
    if (event.type == ENET_EVENT_TYPE_CONNECT) {
      ++live;
      served = true;
    } else if (event.type == ENET_EVENT_TYPE_DISCONNECT) {
      --live;
    } else if (event.type == ENET_EVENT_TYPE_RECEIVE) {
      ENetPacket* echo = enet_packet_create(event.packet->data, event.packet->dataLength,
                                            echoPacketFlags(event.channelID));
      enet_packet_destroy(event.packet);
      if (echo != nullptr && enet_peer_send(event.peer, event.channelID, echo) < 0) {
        enet_packet_destroy(echo);
      }
      enet_host_flush(host);
    }
  }
  enet_host_destroy(host);
  return 0;
}

int runTcpServer(const ServerOptions& options) {
  if (auto pinned = pinToCpu(options.cpu); !pinned) return failure(pinned.error().message);
  if (options.kind == "raw") return serveRawTcp();
  return serveWeft<EchoLine>("tcp:0:interface=127.0.0.1");
}

int runEnetServer(const ServerOptions& options) {
  if (auto pinned = pinToCpu(options.cpu); !pinned) return failure(pinned.error().message);
  if (options.kind == "raw" && !options.batch.empty()) {
    return failure("--batch is a weft endpoint option; the raw server has none");
  }
  if (options.kind == "raw") return serveRawEnet(options.peers);
  net::TransportSettings transports;
  transports.set(net::EnetConfig{.handshakes = handshakeLimits(options.peers)});
  return serveWeft<EchoMessages>(
      strCat("enet:0:interface=127.0.0.1:peers=", options.peers, ":channels=", kEchoChannels,
             options.batch.empty() ? "" : ":batch=", options.batch),
      std::move(transports));
}

// The options both share; hidden from weft-bench --help.
CLI::App* addServerCommand(CLI::App& parent, const char* name, const char* description,
                           const char* weftKind, const char* rawKind, ServerOptions& options) {
  CLI::App* cli = parent.add_subcommand(name, description);
  cli->group("");
  cli->add_option("--kind", options.kind, strCat("weft (", weftKind, ") or raw (", rawKind, ")"))
      ->check(CLI::IsMember({"weft", "raw"}))
      ->required();
  cli->add_option("--cpu", options.cpu, "CPU to pin this process to")->required();
  return cli;
}

}  // namespace

Command echoServerCommand(CLI::App& parent) {
  auto options = std::make_shared<ServerOptions>();
  CLI::App* cli = addServerCommand(
      parent, "echo-server", "The server process of echo-rtt (started by it; not for direct use)",
      "Reactor::run + LineReceiver", "recv/send", *options);
  return {cli, [options] { return runTcpServer(*options); }};
}

Command enetEchoServerCommand(CLI::App& parent) {
  auto options = std::make_shared<ServerOptions>();
  CLI::App* cli = addServerCommand(
      parent, "enet-echo-server",
      "The ENet server process of enet-echo and enet-peers (started by them; not for direct use)",
      "Reactor::run + MessageProtocol", "an enet_host_service loop", *options);
  cli->add_option("--peers", options->peers, "Peers to accept")
      ->check(CLI::Range(1, kMaxPeers))
      ->capture_default_str();
  cli->add_option("--batch", options->batch,
                  "weft: serve at most once per SECONDS (the endpoint's batch=), e.g. 0.016");
  return {cli, [options] { return runEnetServer(*options); }};
}

}  // namespace weft::bench
