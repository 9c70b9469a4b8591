// weft-bench echo-rtt: the round trip of one line over TCP loopback through a weft echo server
// (Reactor::run + LineReceiver), beside the same round trips through a raw blocking recv/send
// echo server, each server a separate process pinned to one CPU and the client to another.
// Run: weft-bench echo-rtt [--messages N] [--size BYTES] [--cpu A,B] [--rounds R]

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
#include <sstream>
#include <string>
#include <vector>

#include "net/core/str_cat.h"
#include "tools/bench/call_timer.h"
#include "tools/bench/child_process.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using namespace std::chrono_literals;

constexpr std::size_t kMinMessages = 100;
constexpr std::size_t kMaxMessages = 1'000'000;
constexpr std::size_t kMaxSize = 16384;  // the echo server's LineReceiver maxLength
constexpr int kMaxRounds = 25;
constexpr double kGoalExtraUs = 3;      // the goal: weft within 3 µs of raw
constexpr auto kServerStartLimit = 5s;  // to print "listening"
constexpr auto kEchoLimit = 5s;         // SO_RCVTIMEO / SO_SNDTIMEO on the client's socket
constexpr auto kServerExitLimit = 2s;   // after the client closes
// Each round of each server stops after this long, so a busy machine cannot stretch the run past
// (rounds + 1) x 2 servers x 2 s; the warm-up round is shorter still.
constexpr auto kRoundLimit = 2s;
constexpr std::size_t kWarmUpMessages = 2'000;
constexpr int kFifoPriority = 1;  // --fifo: the lowest real-time priority is enough

struct Options {
  std::size_t messages = 20'000;
  std::size_t size = 64;
  std::string cpu = "0,1";
  int rounds = 5;
  bool fifo = false;
  std::vector<int> cpus;  // --cpu, parsed and checked
};

enum Server { Raw, Weft, kServers };
constexpr const char* kServerNames[kServers] = {"raw", "weft"};

// One server process and the client's blocking connection to it.
struct EchoPeer {
  explicit EchoPeer(ChildProcess child) : process(std::move(child)) {}
  EchoPeer(const EchoPeer&) = delete;
  EchoPeer& operator=(const EchoPeer&) = delete;
  ChildProcess process;
  int fd = -1;
  int serverCpu = -1;  // where the server said it runs
  ~EchoPeer() {
    if (fd >= 0) ::close(fd);
  }
};

net::Result<std::unique_ptr<EchoPeer>> startPeer(const std::string& self, Server kind, int cpu) {
  auto process = ChildProcess::start(
      {self, "echo-server", "--kind", kServerNames[kind], "--cpu", strCat(cpu)});
  if (!process) return process.error();
  auto peer = std::make_unique<EchoPeer>(std::move(*process));
  auto line = peer->process.readLine(kServerStartLimit);
  if (!line)
    return net::Error{strCat("the ", kServerNames[kind], " echo server ", line.error().message)};
  std::istringstream fields(*line);
  std::string word, cpuWord;
  int port = 0;
  fields >> word >> port >> cpuWord >> peer->serverCpu;
  if (word != "listening" || cpuWord != "cpu" || !fields || port <= 0 || port > 65535) {
    return net::Error{strCat("the ", kServerNames[kind], " echo server printed: ", *line)};
  }

  peer->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const int one = 1;
  const timeval limit{std::chrono::duration_cast<std::chrono::seconds>(kEchoLimit).count(), 0};
  if (peer->fd < 0 || ::setsockopt(peer->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
      ::setsockopt(peer->fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) != 0 ||
      ::setsockopt(peer->fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit) != 0 ||
      ::connect(peer->fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return net::Error{strCat("cannot connect to the ", kServerNames[kind],
                             " echo server: ", std::strerror(errno))};
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

// Closes the client's end, which ends the server, and checks that it exited cleanly.
std::string finishPeer(EchoPeer& peer, Server kind) {
  ::close(std::exchange(peer.fd, -1));
  const std::optional<int> status = peer.process.waitExit(kServerExitLimit);
  if (status == 0) return {};
  return strCat("the ", kServerNames[kind], " echo server ",
                status ? strCat("exited with status ", *status)
                       : strCat("did not exit within ", kServerExitLimit.count(), " s"));
}

struct Figures {
  std::vector<double> medians, p99s;
};

double spread(const std::vector<double>& values) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *high - *low;
}

void printReport(const Options& options, const Figures (&figures)[kServers], std::size_t fewest) {
  const auto range = [](const std::vector<double>& v) {
    const auto [low, high] = std::minmax_element(v.begin(), v.end());
    return strCat(fixed(*low, 1), "–", fixed(*high, 1));
  };
  Table table(
      {{"server", Table::Align::Left}, {"median µs"}, {"min–max"}, {"p99 µs"}, {"min–max"}});
  for (Server kind : {Raw, Weft}) {
    const Figures& f = figures[kind];
    table.addRow({kServerNames[kind], fixed(median(f.medians), 1), range(f.medians),
                  fixed(median(f.p99s), 1), range(f.p99s)});
  }
  // Each round measures both servers back to back, so the per-round differences cancel most of
  // what the machine did between rounds; their median is the figure, their range its noise.
  std::vector<double> extras, extrasP99;
  for (std::size_t r = 0; r < figures[Weft].medians.size(); ++r) {
    extras.push_back(figures[Weft].medians[r] - figures[Raw].medians[r]);
    extrasP99.push_back(figures[Weft].p99s[r] - figures[Raw].p99s[r]);
  }
  const double extra = median(extras), extraP99 = median(extrasP99);
  table.addRow(
      {"weft − raw", fixed(extra, 1), range(extras), fixed(extraP99, 1), range(extrasP99)});
  std::cout << '\n';
  table.print(std::cout);
  std::cout << "\nµs: median over " << options.rounds << " rounds of each round's median (p99) of "
            << options.messages << " round trips;\n    min–max: the rounds' figures. weft − raw: "
            << "median (and range) of the per-round differences.\n"
            << "    Rounds alternate raw-first and weft-first; the clock reads (~30 ns) are in "
               "both columns.\n";
  if (fewest < options.messages) {
    std::cout << "    Some rounds stopped at their " << kRoundLimit.count() << " s limit after "
              << fewest << " round trips (a slow or busy machine).\n";
  }
  std::cout << "Goal: weft within " << kGoalExtraUs
            << " µs of the raw round trip: " << (extra <= kGoalExtraUs ? "met" : "MISSED")
            << " (weft − raw = " << fixed(extra, 1) << " µs median, " << fixed(extraP99, 1)
            << " µs p99)";
  // The rounds' own spread says how far a 3 µs verdict can be trusted on this machine.
  if (spread(extras) > kGoalExtraUs) {
    std::cout << ",\n  but INCONCLUSIVE: the per-round differences span "
              << fixed(spread(extras), 1)
              << " µs, more than the goal;\n  the machine is too busy or noisy for this verdict";
  }
  std::cout << ".\n";
}

int runEchoRtt(const Options& options) {
  const int serverCpu = options.cpus[0], clientCpu = options.cpus[1];
  std::cout << "weft-bench echo-rtt: round trip of one " << options.size
            << "-byte line (+ \\r\\n) over TCP loopback,\n  " << options.messages
            << " per round and server, " << options.rounds
            << (options.rounds == 1 ? " round" : " rounds") << " after a warm-up\n"
            << "  weft:   echo server = Reactor::run + LineReceiver::sendLine per line; "
            << buildDescription() << "\n  raw:    echo server = blocking recv/send loop\n"
            << "  client: one blocking socket (TCP_NODELAY) per server: send a line, read its "
               "echo. The same\n          client for both, so the difference is the server's.\n";
  const auto self = ChildProcess::selfPath();
  if (!self) {
    std::cerr << "weft-bench echo-rtt: " << self.error().message << '\n';
    return 1;
  }
  // Pin (and change policy) first, so the servers we start inherit the policy and start life
  // off the client's CPU.
  if (auto pinned = pinToCpu(clientCpu); !pinned) {
    std::cerr << "weft-bench echo-rtt: " << pinned.error().message << '\n';
    return 1;
  }
  if (options.fifo) {
    if (auto fifo = useFifoScheduling(kFifoPriority); !fifo) {
      std::cerr << "weft-bench echo-rtt: --fifo: " << fifo.error().message << '\n';
      return 1;
    }
  }
  std::unique_ptr<EchoPeer> peers[kServers];
  for (Server kind : {Raw, Weft}) {
    auto peer = startPeer(*self, kind, serverCpu);
    if (!peer) {
      std::cerr << "weft-bench echo-rtt: " << peer.error().message << '\n';
      return 1;
    }
    peers[kind] = std::move(*peer);
  }
  std::cout << "  CPUs:   servers pinned to " << serverCpu << " (running on "
            << peers[Raw]->serverCpu << " and " << peers[Weft]->serverCpu << "), client pinned to "
            << clientCpu << " (running on " << currentCpu() << ")"
            << (options.fifo ? ",\n          all three under SCHED_FIFO priority 1" : "") << '\n'
            << "measuring..." << std::endl;

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
      if (!taken) {
        std::cerr << "weft-bench echo-rtt: " << kServerNames[kind]
                  << " echo server: " << taken.error().message << '\n';
        return 1;
      }
      if (round == 0) continue;
      fewest = std::min(fewest, *taken);
      const Summary s = summarize(std::span(samples).first(*taken));
      figures[kind].medians.push_back(s.median);
      figures[kind].p99s.push_back(s.p99);
    }
  }
  int status = 0;
  for (Server kind : {Raw, Weft}) {
    if (std::string problem = finishPeer(*peers[kind], kind); !problem.empty()) {
      std::cerr << "weft-bench echo-rtt: " << problem << '\n';
      status = 1;
    }
  }
  printReport(options, figures, fewest);
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
  cli->add_option("--messages", options->messages, "Round trips per round and server")
      ->check(CLI::Range(kMinMessages, kMaxMessages))
      ->capture_default_str();
  cli->add_option("--size", options->size, "Bytes in each line, not counting its \\r\\n")
      ->check(CLI::Range(std::size_t{1}, kMaxSize))
      ->capture_default_str();
  cli->add_option("--cpu", options->cpu,
                  "SERVER,CLIENT: the CPU both echo servers are pinned to, and the client's "
                  "(as taskset -c would); two different CPUs this process may use")
      ->capture_default_str();
  cli->add_option("--rounds", options->rounds,
                  "Measured rounds after one warm-up round; medians over rounds are reported")
      ->check(CLI::Range(1, kMaxRounds))
      ->capture_default_str();
  cli->add_flag("--fifo", options->fifo,
                "Run client and servers under SCHED_FIFO priority 1 (as chrt -f 1 would), so "
                "other load on the machine cannot delay their wake-ups; needs root or "
                "CAP_SYS_NICE. Every round is time-bounded, so nothing can hog a CPU for long");
  cli->parse_complete_callback([options] {
    auto cpus = parseCpuList(options->cpu, 2);
    if (!cpus) throw CLI::ValidationError("--cpu", cpus.error().message);
    options->cpus = *cpus;
  });
  return {cli, [options] { return runEchoRtt(*options); }};
}

}  // namespace weft::bench
