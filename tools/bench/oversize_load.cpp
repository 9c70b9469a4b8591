// weft-oversize-load: what oversized messages cost a weft-chatd — it starts the given server on
// loopback and, in two rounds, each against a fresh server, sends what a hostile game client
// would: ENet peers each sending one huge reliable message, then framed-TCP connections each
// holding a frame of nearly a megabyte before any hello. It prints the server's resident memory
// (VmRSS, sampled, and VmHWM from /proc) before and during each, and how the server answered.
// Plain libenet and plain sockets, so one build measures any weft-chatd, old or new. Run by
// hand: weft-oversize-load --help. Every wait is bounded; only 127.0.0.1 is ever sent to.

#include <arpa/inet.h>
#include <enet/enet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "net/core/message_transport.h"
#include "net/core/reason.h"
#include "net/enet/enet_library.h"
#include "tools/bench/process_usage.h"
#include "tools/support/subprocess.h"

namespace {

using Clock = std::chrono::steady_clock;
using weft::tools::Subprocess;
using namespace std::chrono_literals;

constexpr const char* kDescription =
    "weft-oversize-load: starts weft-chatd (--server) on 127.0.0.1 and measures its resident "
    "memory while hostile game clients send oversized messages: first --peers ENet peers each "
    "sending one --message-mib MiB reliable message, then, against a fresh server, "
    "--connections framed-TCP connections each sending a frame of --frame-kib KiB minus one "
    "byte before any hello and holding it open. Prints VmRSS before, its peak (sampled every "
    "10 ms) and VmHWM, and what the server did with the connections.";

struct Options {
  std::string server;
  int peers = 8;
  int messageMib = 30;
  int connections = 100;
  int frameKib = 1024;
  double seconds = 60;
};

double mib(std::size_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// VmHWM: the most the process has ever held resident.
std::size_t peakResident(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  std::size_t kib = 0;
  while (status >> key) {
    if (key == "VmHWM:" && status >> kib) return kib * 1024;
    status.ignore(1 << 10, '\n');
  }
  return 0;
}

struct Server {
  Subprocess process;
  std::uint16_t enetPort = 0;
  std::uint16_t tcpPort = 0;
};

std::uint16_t portIn(const std::string& line) {
  const auto colon = line.find(':', line.find("127.0.0.1"));
  return static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

std::optional<Server> startServer(const std::string& path) {
  // Every connection comes from 127.0.0.1: the per-address cap would turn most of them away.
  auto process = Subprocess::start({path, "--quiet", "--max-per-address", "0", "--listen",
                                    "enet:0:interface=127.0.0.1", "--listen-game",
                                    "tcp:0:interface=127.0.0.1"});
  if (!process) {
    std::cerr << "weft-oversize-load: " << process.error().message << "\n";
    return std::nullopt;
  }
  Server server{std::move(*process)};
  for (int i = 0; i < 2; ++i) {
    auto line = server.process.waitForLine("listening on", 5s);
    if (!line) {
      std::cerr << "weft-oversize-load: " << path << " did not start listening\n";
      return std::nullopt;
    }
    (line->find("enet:") != std::string::npos ? server.enetPort : server.tcpPort) = portIn(*line);
  }
  return server;
}

// Samples the server's resident memory as a load runs.
struct Memory {
  pid_t pid;
  std::size_t before = 0;
  std::size_t peak = 0;
  void start() {
    sample();
    before = peak;
  }
  void sample() {
    if (auto rss = weft::bench::residentBytes(pid)) peak = std::max(peak, *rss);
  }
  void print(Subprocess& process) const {
    std::printf("  VmRSS before      %8.1f MiB\n", mib(before));
    std::printf("  VmRSS peak        %8.1f MiB  (+%.1f MiB)\n", mib(peak), mib(peak - before));
    std::printf("  VmHWM             %8.1f MiB\n", mib(peakResident(process.pid())));
  }
};

std::string describeWireCode(std::uint32_t wire) {
  const auto code = weft::net::fromWireCode(wire);
  return std::to_string(static_cast<std::uint32_t>(code)) + " " +
         std::string(weft::net::describe(code));
}

bool packetFreed = false;
void onPacketFreed(ENetPacket*) {
  packetFreed = true;
}

int enetRound(const Options& options) {
  auto server = startServer(options.server);
  if (!server) return 1;
  auto library = weft::net::detail::EnetLibrary::acquire();
  if (!library) return 1;
  ENetHost* host = enet_host_create(nullptr, static_cast<std::size_t>(options.peers), 4, 0, 0);
  if (host == nullptr) return 1;
  ENetAddress address{};
  enet_address_set_host_ip(&address, "127.0.0.1");
  address.port = server->enetPort;
  std::vector<ENetPeer*> peers;
  for (int i = 0; i < options.peers; ++i) peers.push_back(enet_host_connect(host, &address, 4, 0));
  int connected = 0;
  ENetEvent event;
  for (const auto until = Clock::now() + 5s; connected < options.peers && Clock::now() < until;) {
    if (enet_host_service(host, &event, 10) > 0 && event.type == ENET_EVENT_TYPE_CONNECT) {
      ++connected;
    }
  }
  Memory memory{server->process.pid()};
  memory.start();
  // One packet, shared by every peer (ENet counts its references): the load's own memory stays
  // one message, and its free callback says when every peer is done with it.
  const std::size_t size = static_cast<std::size_t>(options.messageMib) << 20;
  ENetPacket* packet = enet_packet_create(nullptr, size, ENET_PACKET_FLAG_RELIABLE);
  std::memset(packet->data, 'x', size);
  packet->freeCallback = onPacketFreed;
  for (ENetPeer* peer : peers) enet_peer_send(peer, 0, packet);
  std::map<std::string, int> endings;
  int disconnected = 0;
  std::optional<double> firstDisconnect;
  const auto start = Clock::now();
  const auto serviceOnce = [&](int waitMs) {
    if (enet_host_service(host, &event, static_cast<enet_uint32>(waitMs)) <= 0) return;
    if (event.type != ENET_EVENT_TYPE_DISCONNECT) return;
    ++disconnected;
    ++endings[describeWireCode(event.data)];
    if (!firstDisconnect) {
      firstDisconnect = std::chrono::duration<double>(Clock::now() - start).count();
    }
  };
  // Until every peer is done with the message (sent and acknowledged, or dropped with its
  // connection), then half a second more to see what the server does with it.
  std::optional<Clock::time_point> stopAt;
  const Clock::time_point until = start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(options.seconds));
  auto nextSample = start;
  while (Clock::now() < std::min(until, stopAt.value_or(until))) {
    if (Clock::now() >= nextSample) {
      memory.sample();
      server->process.waitForLine("\x01", 0ms);  // drains its output, so it never blocks
      nextSample += 10ms;
    }
    serviceOnce(1);
    if (packetFreed && !stopAt) stopAt = Clock::now() + 500ms;
  }
  memory.sample();
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("ENet: %d peers (%d connected), each sending one %d MiB reliable message\n",
              options.peers, connected, options.messageMib);
  memory.print(server->process);
  std::printf("  disconnected by the server: %d of %d", disconnected, connected);
  for (const auto& [why, count] : endings) std::printf("  [%d: %s]", count, why.c_str());
  if (firstDisconnect) std::printf("  (first after %.3f s)", *firstDisconnect);
  std::printf("\n  took %.1f s%s\n", took, packetFreed ? "" : " (the message was still sending)");
  enet_host_destroy(host);
  return 0;
}

int connectTcp(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const timeval timeout{5, 0};  // a send never blocks for longer
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int tcpRound(const Options& options) {
  auto server = startServer(options.server);
  if (!server) return 1;
  Memory memory{server->process.pid()};
  std::vector<int> sockets;
  for (int i = 0; i < options.connections; ++i) {
    const int fd = connectTcp(server->tcpPort);
    if (fd >= 0) sockets.push_back(fd);
  }
  memory.start();
  // [u32 length][u8 channel][message]: the length counts the channel byte. All but the
  // message's last byte is sent, so the frame never completes and the server holds it.
  const std::uint32_t length = static_cast<std::uint32_t>(options.frameKib) << 10;
  std::string frame(length + 3, 'x');
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<char>(length >> (24 - 8 * i));
  frame[4] = 0;  // chat's channel
  const auto start = Clock::now();
  std::size_t sentTotal = 0;
  for (int fd : sockets) {
    std::size_t sent = 0;
    while (sent < frame.size()) {
      const ssize_t n = ::send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the server closed it
      sent += static_cast<std::size_t>(n);
    }
    sentTotal += sent;
    memory.sample();
    server->process.waitForLine("\x01", 0ms);
  }
  for (const auto until = Clock::now() + 2s; Clock::now() < until;) {
    memory.sample();
    server->process.waitForLine("\x01", 10ms);
  }
  int closed = 0;
  int toldTooLarge = 0;
  for (int fd : sockets) {
    char reply[64];
    const ssize_t n = ::recv(fd, reply, sizeof reply, MSG_DONTWAIT);
    // A goodbye is [00 00 00 06][FF 01][u32 wire code].
    if (n >= 10 && static_cast<unsigned char>(reply[4]) == 0xFF) {
      const std::uint32_t wire =
          static_cast<std::uint32_t>(static_cast<unsigned char>(reply[6])) << 24 |
          static_cast<std::uint32_t>(static_cast<unsigned char>(reply[7])) << 16 |
          static_cast<std::uint32_t>(static_cast<unsigned char>(reply[8])) << 8 |
          static_cast<unsigned char>(reply[9]);
      if (weft::net::fromWireCode(wire) == weft::net::ReasonCode::MessageTooLarge) ++toldTooLarge;
    }
    // Closed: an end of stream, or a reset (the server closed with our bytes unread).
    char rest[4096];
    ssize_t more = n;
    while (more > 0) more = ::recv(fd, rest, sizeof rest, MSG_DONTWAIT);
    if (more == 0 || (more < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) ++closed;
    ::close(fd);
  }
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("framed TCP: %zu connections, each sending %u KiB of one frame before any hello\n",
              sockets.size(), length >> 10);
  memory.print(server->process);
  std::printf("  sent %.1f MiB in all; closed by the server: %d of %zu (%d told MessageTooLarge)\n",
              mib(sentTotal), closed, sockets.size(), toldTooLarge);
  std::printf("  took %.1f s\n", took);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli(kDescription, "weft-oversize-load");
  Options options;
  cli.add_option("--server", options.server, "The weft-chatd to measure")->required();
  cli.add_option("--peers", options.peers, "ENet peers")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cli.add_option("--message-mib", options.messageMib, "MiB each ENet peer sends in one message")
      ->capture_default_str()
      ->check(CLI::Range(1, 31));
  cli.add_option("--connections", options.connections, "Framed TCP connections")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cli.add_option("--frame-kib", options.frameKib, "KiB each TCP connection's frame announces")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cli.add_option("--seconds", options.seconds, "The ENet round's time limit")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 600.0));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : 2;
  }
  std::printf("server: %s\n", options.server.c_str());
  int status = 0;
  if (options.peers > 0) status |= enetRound(options);
  if (options.connections > 0) status |= tcpRound(options);
  return status;
}
