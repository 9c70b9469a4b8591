// weft-bench echo-rtt: the round trip of one line over TCP loopback through a weft echo server
// (Reactor::run + LineReceiver), beside the same round trips through a raw blocking recv/send
// echo server, each server a separate process pinned to one CPU and the client to another. How
// to read it: tools/bench/README.md.
// Run: weft-bench echo-rtt [--messages N] [--size BYTES] [--cpu A,B] [--rounds R] [--fifo]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "net/core/str_cat.h"
#include "tools/bench/call_timer.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/echo_servers.h"
#include "tools/bench/helper_server.h"
#include "tools/bench/options.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using namespace std::chrono_literals;

constexpr std::size_t kMinMessages = 100;
constexpr std::size_t kMaxMessages = 1'000'000;
constexpr std::size_t kMaxSize = 16384;  // the echo server's LineReceiver maxLength
constexpr int kMaxRounds = 25;
constexpr auto kServerStartLimit = 5s;  // to print "listening"
constexpr auto kEchoLimit = 5s;         // SO_RCVTIMEO / SO_SNDTIMEO on the client's socket
constexpr auto kServerExitLimit = 2s;   // after the client closes
// Each round of each server stops after this long, so a busy machine cannot stretch the run past
// (rounds + 1) x 2 servers x 2 s; the warm-up round is shorter still.
constexpr auto kRoundLimit = 2s;
constexpr std::size_t kWarmUpMessages = 2'000;

struct Options {
  std::size_t messages = 20'000;
  std::size_t size = 64;
  std::string cpu = "0,1";
  int rounds = 5;
  bool fifo = false;
};

enum Server { Raw, Weft, kServers };
constexpr const char* kServerNames[kServers] = {"raw", "weft"};

// One server process and the client's blocking connection to it.
struct EchoPeer {
  explicit EchoPeer(HelperServer started) : server(std::move(started)) {}
  EchoPeer(const EchoPeer&) = delete;
  EchoPeer& operator=(const EchoPeer&) = delete;
  ~EchoPeer() {
    if (fd >= 0) ::close(fd);
  }
  HelperServer server;
  int fd = -1;
};

std::string serverName(Server kind) {
  return strCat("the ", kServerNames[kind], " echo server");
}

net::Result<std::unique_ptr<EchoPeer>> startPeer(const std::string& self, Server kind, int cpu) {
  auto server = startHelperServer(serverName(kind), echoServerArgv(self, kServerNames[kind], cpu),
                                  kServerStartLimit);
  if (!server) return server.error();
  auto peer = std::make_unique<EchoPeer>(std::move(*server));
  peer->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(peer->server.port);
  const int one = 1;
  const timeval limit{std::chrono::duration_cast<std::chrono::seconds>(kEchoLimit).count(), 0};
  if (peer->fd < 0 || ::setsockopt(peer->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
      ::setsockopt(peer->fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) != 0 ||
      ::setsockopt(peer->fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit) != 0 ||
      ::connect(peer->fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return net::Error{strCat("cannot connect to ", serverName(kind), ": ", std::strerror(errno))};
  }
  return peer;
}

// Sends `message` and reads its echo, up to samples.size() times or until `deadline`; each
// sample is one round trip in µs. Returns how many round trips it made.
net::Result<std::size_t> measureRound(int fd, const std::string& message, std::span<double> samples,
                                      BenchClock::time_point deadline) {
  std::string echo(message.size(), '\0');
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (i % 64 == 0 && i != 0 && BenchClock::now() >= deadline) return i;
    const BenchClock::time_point start = BenchClock::now();
    for (std::size_t sent = 0; sent < message.size();) {
      const ssize_t n = ::send(fd, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno != EINTR) return net::Error{strCat("send: ", std::strerror(errno))};
      if (n > 0) sent += static_cast<std::size_t>(n);
    }
    for (std::size_t got = 0; got < echo.size();) {
      const ssize_t n = ::recv(fd, echo.data() + got, echo.size() - got, 0);
      if (n == 0) return net::Error{"the server closed the connection"};
      if (n < 0 && errno != EINTR) {
        return net::Error{errno == EAGAIN ? "no echo within 5 s"
                                          : strCat("recv: ", std::strerror(errno))};
      }
      if (n > 0) got += static_cast<std::size_t>(n);
    }
    const BenchClock::time_point end = BenchClock::now();
    samples[i] = std::chrono::duration<double, std::micro>(end - start).count();
    if (echo != message) return net::Error{"the echo differs from the line sent"};
  }
  return samples.size();
}

// Each server's per-round medians and p99s, in µs, in round order.
struct Figures {
  std::vector<double> medians, p99s;
};

void printTable(const Figures (&figures)[kServers], std::size_t fewest, std::size_t messages) {
  // Each round measures both servers back to back, so the per-round differences cancel most of
  // what the machine did between rounds; their median is the figure, their range its noise.
  Table table({{"round trip", Table::Align::Left},
               {"weft µs"},
               {"raw µs"},
               {"weft − raw"},
               {"rounds min–max"}});
  const auto addRow = [&](const char* label, std::vector<double> Figures::*figure) {
    const std::vector<double> extra = differences(figures[Weft].*figure, figures[Raw].*figure);
    table.addRow({label, fixed(median(figures[Weft].*figure), 1),
                  fixed(median(figures[Raw].*figure), 1), signedFixed(median(extra), 1),
                  range(extra, [](double v) { return signedFixed(v, 1); })});
  };
  addRow("p50", &Figures::medians);
  addRow("p99", &Figures::p99s);
  table.print(std::cout);
  if (fewest < messages) {
    std::cout << "\nsome rounds stopped at their " << kRoundLimit.count() << " s limit after "
              << fewest << " round trips\n";
  }
}

int runEchoRtt(const Options& options) {
  const auto fail = [](const std::string& why) {
    std::cerr << "weft-bench echo-rtt: " << why << '\n';
    return 1;
  };
  const auto cpus = cpuPair(options.cpu);
  if (!cpus) return fail(cpus.error().message);
  const int serverCpu = (*cpus)[0], clientCpu = (*cpus)[1];
  const auto self = tools::selfPath();
  if (!self) return fail(self.error().message);
  // Pin (and change policy) first, so the servers we start inherit the policy and start life
  // off the client's CPU.
  if (auto pinned = pinToCpu(clientCpu); !pinned) return fail(pinned.error().message);
  if (auto fifo = applyFifo(options.fifo); !fifo) return fail(fifo.error().message);
  std::unique_ptr<EchoPeer> peers[kServers];
  for (Server kind : {Raw, Weft}) {
    auto peer = startPeer(*self, kind, serverCpu);
    if (!peer) return fail(peer.error().message);
    peers[kind] = std::move(*peer);
  }
  std::cout << "weft-bench echo-rtt: one " << options.size << "-byte line (+ \\r\\n) over TCP "
            << "loopback, " << options.messages << " round trips × "
            << counted(options.rounds, "round") << "; servers on CPU " << peers[Raw]->server.cpu
            << " and " << peers[Weft]->server.cpu << ", client on CPU " << currentCpu()
            << (options.fifo ? ", SCHED_FIFO" : "") << "; " << buildDescription() << "\n\n";

  std::string message;
  for (std::size_t i = 0; i < options.size; ++i) message += static_cast<char>('a' + i % 26);
  message += "\r\n";
  std::vector<double> samples(options.messages);
  Figures figures[kServers];
  std::size_t fewest = options.messages;
  // Round 0 warms both paths up (caches, the servers' buffers) and is not reported.
  for (int round = 0; round <= options.rounds; ++round) {
    const Server first = round % 2 == 0 ? Raw : Weft;
    for (Server kind : {first, first == Raw ? Weft : Raw}) {
      const std::span<double> wanted = std::span(samples).first(
          round == 0 ? std::min(options.messages, kWarmUpMessages) : options.messages);
      auto taken = measureRound(peers[kind]->fd, message, wanted, BenchClock::now() + kRoundLimit);
      if (!taken) return fail(strCat(serverName(kind), ": ", taken.error().message));
      if (round == 0) continue;
      fewest = std::min(fewest, *taken);
      const Summary s = summarize(std::span(samples).first(*taken));
      figures[kind].medians.push_back(s.median);
      figures[kind].p99s.push_back(s.p99);
    }
  }
  int status = 0;
  for (Server kind : {Raw, Weft}) {
    ::close(std::exchange(peers[kind]->fd, -1));  // which ends the server
    if (auto done = finishHelperServer(peers[kind]->server, serverName(kind), kServerExitLimit);
        !done) {
      status = fail(done.error().message);
    }
  }
  printTable(figures, fewest, options.messages);
  return status;
}

}  // namespace

Command echoRttCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "echo-rtt",
      "µs per round trip of one line through a weft echo server (Reactor::run + LineReceiver), "
      "beside a raw blocking recv/send echo server in the same run, server and client pinned "
      "to separate CPUs");
  cli->footer(
      "Rows p50 and p99: the median over rounds of each round's figure for each server, and of "
      "the per-round differences weft − raw, with their range. Rounds alternate raw-first and "
      "weft-first. See tools/bench/README.md.");
  cli->add_option("--messages", options->messages, "Round trips per round and server")
      ->check(CLI::Range(kMinMessages, kMaxMessages))
      ->capture_default_str();
  cli->add_option("--size", options->size, "Bytes in each line, not counting its \\r\\n")
      ->check(CLI::Range(std::size_t{1}, kMaxSize))
      ->capture_default_str();
  addCpuOption(*cli, options->cpu, "SERVER,CLIENT");
  addRoundsOption(*cli, options->rounds, kMaxRounds);
  addFifoOption(*cli, options->fifo);
  return {cli, [options] { return runEchoRtt(*options); }};
}

}  // namespace weft::bench
