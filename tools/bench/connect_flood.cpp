// weft-connect-flood: what forged ENet CONNECTs (ENet's SYN flood) do to a weft-chatd — for each
// --rates value it starts the given server on loopback, sends it forged CONNECTs at that rate
// from --sources loopback addresses (127.1.x.y) that never answer, and meanwhile has real game
// clients join one after another: each connects, says Hello and waits for the Welcome. It prints,
// per rate, how many joined and how fast, how the others failed, and the server's resident
// memory and CPU. Plain libenet and plain sockets, so one build measures any weft-chatd, old or
// new. Run by hand: weft-connect-flood --help. Every wait is bounded; only loopback is sent to.

#include <arpa/inet.h>
#include <enet/enet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
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
    "weft-connect-flood: starts weft-chatd (--server) on 127.0.0.1 once per --rates value and "
    "floods its ENet game port with forged CONNECTs at that rate (per second), from --sources "
    "loopback addresses 127.1.x.y that never answer, as a sender spoofing its addresses would. "
    "After --warmup seconds of flood, --attempts real game clients join one after another (ENet "
    "connect, Hello, Welcome), each within --deadline seconds, servicing their ENet host every "
    "--frame-ms (a game's frame; 0: at once). Prints, per rate, the CONNECTs sent, how many "
    "clients joined and how fast, how the others failed, the bytes the server sent to the forged "
    "sources, and the server's resident memory (VmRSS) and CPU.";

struct Options {
  std::string server;
  std::string serverArgs;  // more of weft-chatd's options, split at spaces
  std::vector<double> rates{0, 100, 1000, 4000, 16000, 32000, 64000};
  int sources = 256;
  double warmup = 1;
  int attempts = 10;
  double deadline = 3;
  double frameMs = 0;
};

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Server {
  Subprocess process;
  std::uint16_t port = 0;
};

std::optional<Server> startServer(const std::string& path, const std::string& args) {
  std::vector<std::string> argv{path, "--quiet", "--listen", "enet:0:interface=127.0.0.1"};
  std::istringstream words(args);
  for (std::string word; words >> word;) argv.push_back(word);
  auto process = Subprocess::start(argv);
  if (!process) {
    std::cerr << "weft-connect-flood: " << process.error().message << "\n";
    return std::nullopt;
  }
  auto line = process->waitForLine("listening on", 5s);
  if (!line) {
    std::cerr << "weft-connect-flood: " << path << " did not start listening\n";
    return std::nullopt;
  }
  const auto colon = line->find(':', line->find("127.0.0.1"));
  return Server{std::move(*process),
                static_cast<std::uint16_t>(std::stoi(line->substr(colon + 1)))};
}

// What enet_host_connect sends for a fresh peer: a header with a sent time, then one CONNECT.
std::array<std::uint8_t, 52> forgedConnect(std::uint32_t connectId) {
  ENetProtocolHeader header{};
  header.peerID =
      ENET_HOST_TO_NET_16(static_cast<enet_uint16>(ENET_PROTOCOL_MAXIMUM_PEER_ID) |
                          static_cast<enet_uint16>(ENET_PROTOCOL_HEADER_FLAG_SENT_TIME));
  ENetProtocolConnect c{};
  c.header.command = static_cast<enet_uint8>(ENET_PROTOCOL_COMMAND_CONNECT) |
                     static_cast<enet_uint8>(ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE);
  c.header.channelID = 0xFF;
  c.header.reliableSequenceNumber = ENET_HOST_TO_NET_16(1);
  c.incomingSessionID = 0xFF;
  c.outgoingSessionID = 0xFF;
  c.mtu = ENET_HOST_TO_NET_32(ENET_HOST_DEFAULT_MTU);
  c.windowSize = ENET_HOST_TO_NET_32(ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE);
  c.channelCount = ENET_HOST_TO_NET_32(1);
  c.packetThrottleInterval = ENET_HOST_TO_NET_32(ENET_PEER_PACKET_THROTTLE_INTERVAL);
  c.packetThrottleAcceleration = ENET_HOST_TO_NET_32(ENET_PEER_PACKET_THROTTLE_ACCELERATION);
  c.packetThrottleDeceleration = ENET_HOST_TO_NET_32(ENET_PEER_PACKET_THROTTLE_DECELERATION);
  c.connectID = connectId;
  std::array<std::uint8_t, 52> out{};
  std::memcpy(out.data(), &header, sizeof header);
  std::memcpy(out.data() + sizeof header, &c, sizeof c);
  return out;
}

// The forged side: one socket per source address, CONNECTs sent at a fixed rate, what comes back
// read and counted.
class Flood {
 public:
  Flood(int sources, std::uint16_t port) {
    to_.sin_family = AF_INET;
    to_.sin_port = htons(port);
    to_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < sources; ++i) {
      const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      sockaddr_in from{};
      from.sin_family = AF_INET;
      from.sin_addr.s_addr = htonl(0x7F010000u + 1 + static_cast<std::uint32_t>(i));
      if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
        if (fd >= 0) ::close(fd);
        continue;
      }
      sockets_.push_back(fd);
    }
  }
  ~Flood() {
    for (int fd : sockets_) ::close(fd);
  }
  Flood(const Flood&) = delete;
  Flood& operator=(const Flood&) = delete;

  void start(double rate) {
    rate_ = rate;
    start_ = Clock::now();
  }
  // Sends what the rate owes by now (at most a burst of 512), and reads one source's answers.
  void run() {
    if (sockets_.empty()) return;
    if (rate_ > 0) {
      const auto owed = static_cast<std::uint64_t>(
          rate_ * std::chrono::duration<double>(Clock::now() - start_).count());
      for (int burst = 0; sent_ + dropped_ < owed && burst < 512; ++burst) {
        const auto datagram = forgedConnect(++connectId_);
        const int fd = sockets_[next_++ % sockets_.size()];
        const bool ok = ::sendto(fd, datagram.data(), datagram.size(), 0,
                                 reinterpret_cast<const sockaddr*>(&to_), sizeof to_) > 0;
        ++(ok ? sent_ : dropped_);
      }
    }
    std::uint8_t answer[ENET_PROTOCOL_MAXIMUM_MTU];
    const int fd = sockets_[drain_++ % sockets_.size()];
    for (ssize_t n; (n = ::recv(fd, answer, sizeof answer, MSG_DONTWAIT)) > 0;) {
      answeredBytes_ += static_cast<std::uint64_t>(n);
      ++answers_;
    }
  }
  std::size_t sources() const { return sockets_.size(); }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t answers() const { return answers_; }
  std::uint64_t answeredBytes() const { return answeredBytes_; }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  std::vector<int> sockets_;
  sockaddr_in to_{};
  double rate_ = 0;
  Clock::time_point start_;
  std::uint32_t connectId_ = 0x5EED0000u;
  std::uint64_t sent_ = 0, dropped_ = 0, answers_ = 0, answeredBytes_ = 0;
  std::size_t next_ = 0, drain_ = 0;
};

// Hello{version 1, name, no resume}, net/chat/WIRE.md.
std::vector<std::uint8_t> hello() {
  const std::string name = "real";
  std::vector<std::uint8_t> out{0x01, 0x00, 0x01, 0x00, static_cast<std::uint8_t>(name.size())};
  out.insert(out.end(), name.begin(), name.end());
  out.push_back(0);
  return out;
}

struct Attempt {
  std::optional<double> welcomedMs;  // from enet_host_connect to the Welcome
  std::string failure;               // otherwise, how it ended
};

std::string describeWireCode(const char* when, std::uint32_t wire) {
  if (wire == 0) return std::string(when) + ", no answer (ENet gave up)";
  const auto code = weft::net::fromWireCode(wire);
  return std::string(when) + ", told " + std::to_string(static_cast<std::uint32_t>(code)) + " " +
         std::string(weft::net::describe(code));
}

// One real client joining while `flood` runs: a fresh ENet host (a new port) each time.
Attempt join(Flood& flood, std::uint16_t port, const Options& options) {
  ENetHost* host = enet_host_create(nullptr, 1, 1, 0, 0);
  if (host == nullptr) return {std::nullopt, "cannot create an ENet host"};
  ENetAddress address{};
  enet_address_set_host_ip(&address, "127.0.0.1");
  address.port = port;
  ENetPeer* peer = enet_host_connect(host, &address, 1, 0);
  const Clock::time_point start = Clock::now();
  const Clock::time_point until = start + seconds(options.deadline);
  const Clock::duration frame = seconds(options.frameMs / 1000);
  Clock::time_point nextFrame = start;
  bool connected = false;
  Attempt attempt{std::nullopt, "no Welcome within the deadline"};
  while (Clock::now() < until) {
    flood.run();
    if (Clock::now() < nextFrame) {
      std::this_thread::sleep_for(50us);
      continue;
    }
    nextFrame = std::max(nextFrame + frame, Clock::now());  // a late frame is not made up for
    ENetEvent event;
    bool done = false;
    while (!done && enet_host_service(host, &event, 0) > 0) {
      if (event.type == ENET_EVENT_TYPE_CONNECT) {
        connected = true;
        const auto message = hello();
        enet_peer_send(
            peer, 0, enet_packet_create(message.data(), message.size(), ENET_PACKET_FLAG_RELIABLE));
      } else if (event.type == ENET_EVENT_TYPE_RECEIVE) {
        if (event.packet->dataLength > 0 && event.packet->data[0] == 0x81) {
          attempt = {msSince(start), {}};
          done = true;
        }
        enet_packet_destroy(event.packet);
      } else if (event.type == ENET_EVENT_TYPE_DISCONNECT) {
        attempt.failure =
            describeWireCode(connected ? "dropped after connecting" : "refused", event.data);
        done = true;
      }
    }
    if (done) break;
    if (frame == Clock::duration::zero()) std::this_thread::sleep_for(50us);
  }
  if (attempt.welcomedMs) enet_peer_disconnect_now(peer, 0);
  enet_host_destroy(host);
  return attempt;
}

std::size_t residentOf(pid_t pid) {
  auto rss = weft::bench::residentBytes(pid);
  return rss ? *rss : 0;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

int floodRound(const Options& options, double rate) {
  auto server = startServer(options.server, options.serverArgs);
  if (!server) return 1;
  const pid_t pid = server->process.pid();
  const std::size_t rssBefore = residentOf(pid);
  std::size_t rssPeak = rssBefore;
  Flood flood(options.sources, server->port);
  const auto cpuBefore = weft::bench::processCpuTime(pid);
  flood.start(rate);
  for (const auto until = Clock::now() + seconds(options.warmup); Clock::now() < until;) {
    flood.run();
    server->process.waitForLine("\x01", 0ms);  // drains its output, so it never blocks
    std::this_thread::sleep_for(50us);
  }
  std::vector<double> joined;
  std::map<std::string, int> failures;
  for (int i = 0; i < options.attempts; ++i) {
    const Attempt attempt = join(flood, server->port, options);
    if (attempt.welcomedMs) {
      joined.push_back(*attempt.welcomedMs);
    } else {
      ++failures[attempt.failure];
    }
    rssPeak = std::max(rssPeak, residentOf(pid));
    server->process.waitForLine("\x01", 0ms);
  }
  const auto cpuAfter = weft::bench::processCpuTime(pid);
  const double floodSeconds = flood.seconds();
  const double cpuShare =
      cpuBefore && cpuAfter
          ? std::chrono::duration<double>(cpuAfter->time - cpuBefore->time).count() / floodSeconds
          : 0;
  std::printf("%8.0f/s offered, %8.0f/s sent from %zu sources: joined %2zu of %d", rate,
              static_cast<double>(flood.sent()) / floodSeconds, flood.sources(), joined.size(),
              options.attempts);
  if (!joined.empty()) {
    std::printf(" (median %.1f ms, max %.1f ms)", percentile(joined, 0.5),
                *std::max_element(joined.begin(), joined.end()));
  }
  std::printf(
      "\n          server: VmRSS %.1f -> %.1f MiB, CPU %.0f%% of a core; answered the "
      "forged sources %llu datagrams, %.2f bytes per forged byte\n",
      static_cast<double>(rssBefore) / (1 << 20), static_cast<double>(rssPeak) / (1 << 20),
      100 * cpuShare, static_cast<unsigned long long>(flood.answers()),
      flood.sent() == 0 ? 0.0
                        : static_cast<double>(flood.answeredBytes()) /
                              (52.0 * static_cast<double>(flood.sent())));
  for (const auto& [why, count] : failures) std::printf("          %d %s\n", count, why.c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli(kDescription, "weft-connect-flood");
  Options options;
  cli.add_option("--server", options.server, "The weft-chatd to measure")->required();
  cli.add_option("--server-args", options.serverArgs,
                 "More options for the server, in one argument: --server-args='--rate 0'");
  cli.add_option("--rates", options.rates, "Forged CONNECTs per second, one round each")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cli.add_option("--sources", options.sources, "Forged source addresses (127.1.0.1 on)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cli.add_option("--warmup", options.warmup, "Seconds of flood before the first client")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  cli.add_option("--attempts", options.attempts, "Real clients per rate, one after another")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cli.add_option("--deadline", options.deadline, "Seconds each client may take to be welcomed")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 60.0));
  cli.add_option("--frame-ms", options.frameMs, "How often a client services its ENet host")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : 2;
  }
  auto library = weft::net::detail::EnetLibrary::acquire();
  if (!library) {
    std::cerr << "weft-connect-flood: " << library.error().message << "\n";
    return 1;
  }
  std::printf("server: %s; clients service every %.1f ms, %.1f s each at most\n",
              options.server.c_str(), options.frameMs, options.deadline);
  int status = 0;
  for (double rate : options.rates) status |= floodRound(options, rate);
  return status;
}
