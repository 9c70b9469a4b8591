// weft-bench enet-echo: messages per second and round trips of reliable ENet messages over
// loopback, through a weft ENet echo server beside a raw libenet echo server in the same run
// (rounds interleaved raw, weft, weft, raw...), each server a separate process pinned to one CPU
// and the client to another.
//   client (this process, both servers alike): raw libenet, one ENet host with one peer per
//     server. It keeps --window reliable messages in flight on channel 0: each message carries
//     its sequence number, and every echo that comes back is checked and answered with the next
//     message. Its loop is the plain one: enet_host_service(host, &event, 5 ms), which sends
//     what was queued, then blocks in poll() on the socket until a datagram or the timeout.
//   raw server: the same plain loop (enet_host_service with a 10 ms timeout, sleeping in poll())
//     that answers each received packet with enet_packet_create + enet_peer_send and flushes at
//     once (enet_host_flush): the straightforward ENet program, no batching.
//   weft server: Reactor::run + an ENet Port + a MessageProtocol whose messageReceived send()s
//     the message back. run() sleeps in epoll_wait until the ENet socket is readable (or weft's
//     10 ms ENet tick is due), drains enet_host_service(host, 0) until empty, and flushes once
//     at the end of the dispatch, so echoes of a burst share datagrams.
//   Both servers wake on the socket, so neither is favoured by its sleep; the differences are
//   what each does per wake-up (see enet_echo_server.cpp).
// Run: weft-bench enet-echo --window 1|64 --size 32|1000 [--messages N] [--rounds R] [--cpu A,B]
//      [--fifo] [--server-wrapper CMD]
// Tests: tests/tools/bench/enet_bench_test.cpp

#include <enet/enet.h>

#include <algorithm>
#include <cstdint>
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
#include "tools/bench/enet_server_process.h"
#include "tools/bench/raw_enet.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using namespace std::chrono_literals;

constexpr std::size_t kMinMessages = 100;
constexpr std::size_t kMaxMessages = 1'000'000;
constexpr std::size_t kSequenceBytes = sizeof(std::uint64_t);  // at the start of every message
constexpr std::size_t kMaxSize = 4096;
constexpr std::size_t kMaxWindow = 256;
constexpr int kMaxRounds = 25;
// The goals: weft's throughput at least 0.9x raw ENet's, its round trip at most 5 µs more.
constexpr double kGoalRatio = 0.9;
constexpr double kGoalExtraUs = 5;
constexpr auto kConnectLimit = 5s;
// Each round of each server stops sending after this long (so a busy machine cannot stretch the
// run past (rounds + 1) x 2 servers x 2 s); the messages then in flight get kEchoLimit to return.
constexpr auto kRoundLimit = 2s;
constexpr auto kEchoLimit = 5s;  // between two echoes, at most
constexpr auto kDisconnectLimit = 2s;
constexpr std::size_t kWarmUpMessages = 2'000;
constexpr enet_uint32 kServiceTimeoutMs = 5;
constexpr int kFifoPriority = 1;  // --fifo: the lowest real-time priority is enough

enum Server { Raw, Weft, kServers };
constexpr const char* kServerNames[kServers] = {"raw", "weft"};

struct Options {
  std::size_t window = 1;
  std::size_t size = 32;
  std::size_t messages = 20'000;
  int rounds = 5;
  std::string cpu = "0,1";
  bool fifo = false;
  std::vector<int> cpus;                   // --cpu, parsed and checked
  std::vector<std::string> serverWrapper;  // --server-wrapper, split at spaces
};

// What one round against one server gave.
struct RoundFigures {
  std::size_t echoes = 0;
  double perSecond = 0;     // echoes per second, first send to last echo
  double p50 = 0, p99 = 0;  // round trips, µs
};

// One server's figures over the measured rounds, in round order.
struct Series {
  std::vector<double> perSecond, p50s, p99s;
};

// One server process and this process's raw ENet client of it.
struct EchoTarget {
  explicit EchoTarget(EnetServerProcess started) : server(std::move(started)) {}
  EnetServerProcess server;
  std::unique_ptr<RawEnetClient> client;
};

// The buffers a round reuses: the message (its sequence number rewritten per send), when each
// message was sent, and each round trip.
struct RoundBuffers {
  std::string message;
  std::vector<BenchClock::time_point> sentAt;
  std::vector<double> roundTrips;
};

// Sends `count` messages (fewer if kRoundLimit passes first) with `window` in flight, and waits
// for every echo sent. An echo must be the next one expected, byte for byte.
net::Result<RoundFigures> measureRound(RawEnetClient& client, std::size_t window, std::size_t count,
                                       RoundBuffers& buffers) {
  ENetHost* host = client.host();
  ENetPeer* peer = client.peers().front();
  std::string& message = buffers.message;
  std::size_t sent = 0, echoed = 0;
  const auto sendNext = [&]() -> bool {
    const std::uint64_t sequence = sent;
    std::memcpy(message.data(), &sequence, kSequenceBytes);
    ENetPacket* packet =
        enet_packet_create(message.data(), message.size(), ENET_PACKET_FLAG_RELIABLE);
    if (packet == nullptr) return false;
    if (enet_peer_send(peer, kReliableChannel, packet) < 0) {
      enet_packet_destroy(packet);
      return false;
    }
    buffers.sentAt[sent++] = BenchClock::now();
    return true;
  };

  const BenchClock::time_point start = BenchClock::now();
  const BenchClock::time_point stopSending = start + kRoundLimit;
  BenchClock::time_point lastEcho = start;
  while (sent < std::min(window, count)) {
    if (!sendNext()) return net::Error{"ENet refused to queue a message"};
  }
  while (echoed < sent) {
    ENetEvent event;
    const int result = enet_host_service(host, &event, kServiceTimeoutMs);
    const BenchClock::time_point now = BenchClock::now();
    if (result < 0) return net::Error{"enet_host_service failed"};
    if (result == 0 || event.type == ENET_EVENT_TYPE_CONNECT) {
      if (now - lastEcho > kEchoLimit) {
        return net::Error{strCat("no echo within ", kEchoLimit.count(), " s (", echoed, " of ",
                                 sent, " came back)")};
      }
      continue;
    }
    if (event.type == ENET_EVENT_TYPE_DISCONNECT) {
      return net::Error{"the server disconnected during the round"};
    }
    const ENetPacket* echo = event.packet;
    std::uint64_t sequence = 0;
    const bool whole = echo->dataLength == message.size();
    if (whole) std::memcpy(&sequence, echo->data, kSequenceBytes);
    const bool same = whole && sequence == echoed &&
                      std::memcmp(echo->data + kSequenceBytes, message.data() + kSequenceBytes,
                                  message.size() - kSequenceBytes) == 0;
    enet_packet_destroy(event.packet);
    if (!same) {
      return net::Error{strCat("echo ", echoed, " differs from the message sent (",
                               whole ? "other bytes or order" : "other length", ")")};
    }
    buffers.roundTrips[echoed] =
        std::chrono::duration<double, std::micro>(now - buffers.sentAt[echoed]).count();
    ++echoed;
    lastEcho = now;
    if (sent < count && now < stopSending && !sendNext()) {
      return net::Error{"ENet refused to queue a message"};
    }
  }
  RoundFigures figures;
  figures.echoes = echoed;
  figures.perSecond =
      static_cast<double>(echoed) / std::chrono::duration<double>(lastEcho - start).count();
  const Summary s = summarize(std::span(buffers.roundTrips).first(echoed));
  figures.p50 = s.median;
  figures.p99 = s.p99;
  return figures;
}

std::string range(const std::vector<double>& values, int decimals, const char* suffix = "") {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return strCat(fixed(*low, decimals), suffix, "–", fixed(*high, decimals), suffix);
}

std::string signedFixed(double value, int decimals) {
  return strCat(value >= 0 ? "+" : "", fixed(value, decimals));
}

std::string signedRange(const std::vector<double>& values, int decimals) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return strCat(signedFixed(*low, decimals), "–", signedFixed(*high, decimals));
}

// Whether the rounds disagree about a goal: some rounds' figures meet it and others miss it,
// so the median's verdict rests on the machine's noise as much as on the servers.
bool roundsDisagree(const std::vector<double>& values, bool (*meets)(double)) {
  const auto met = std::count_if(values.begin(), values.end(), meets);
  return met != 0 && static_cast<std::size_t>(met) != values.size();
}
bool meetsRatio(double ratio) {
  return ratio >= kGoalRatio;
}
bool meetsExtra(double extra) {
  return extra <= kGoalExtraUs;
}

void printReport(const Options& options, const Series (&series)[kServers], std::size_t fewest) {
  Table table({{"server", Table::Align::Left},
               {"messages/s"},
               {"min–max"},
               {"p50 µs"},
               {"min–max"},
               {"p99 µs"},
               {"min–max"}});
  for (Server kind : {Raw, Weft}) {
    const Series& s = series[kind];
    table.addRow({kServerNames[kind], fixed(median(s.perSecond), 0), range(s.perSecond, 0),
                  fixed(median(s.p50s), 1), range(s.p50s, 1), fixed(median(s.p99s), 1),
                  range(s.p99s, 1)});
  }
  // Each round measures both servers back to back, so per-round ratios and differences cancel
  // most of what the machine did between rounds; their median is the figure, their range its
  // noise.
  std::vector<double> ratios, extras, extrasP99;
  for (std::size_t r = 0; r < series[Weft].perSecond.size(); ++r) {
    ratios.push_back(series[Weft].perSecond[r] / series[Raw].perSecond[r]);
    extras.push_back(series[Weft].p50s[r] - series[Raw].p50s[r]);
    extrasP99.push_back(series[Weft].p99s[r] - series[Raw].p99s[r]);
  }
  const double ratio = median(ratios), extra = median(extras), extraP99 = median(extrasP99);
  table.addRow({"weft vs raw", strCat(fixed(ratio, 2), "×"), range(ratios, 2, "×"),
                signedFixed(extra, 1), signedRange(extras, 1), signedFixed(extraP99, 1),
                signedRange(extrasP99, 1)});
  std::cout << '\n';
  table.print(std::cout);
  std::cout << "\nmessages/s: echoes received per second, first send to last echo. Round trip: "
               "from\n  enet_peer_send of a message to the client's receive event for its echo"
            << (options.window > 1 ? " (so it includes the wait\n  behind the messages ahead "
                                     "of it in the window)"
                                   : "")
            << ". Figures: median over " << options.rounds
            << (options.rounds == 1 ? " round" : " rounds") << " of " << options.messages
            << " messages;\n  min–max: the rounds' figures. weft vs raw: median (and range) of "
               "the per-round ratios\n  and differences. Rounds alternate raw-first and "
               "weft-first.\n";
  if (fewest < options.messages) {
    std::cout << "  Some rounds stopped sending at their " << kRoundLimit.count()
              << " s limit after " << fewest << " messages (a slow or busy machine).\n";
  }
  std::cout << "Goal: weft ≥ " << kGoalRatio
            << "× raw ENet's throughput: " << (ratio >= kGoalRatio ? "met" : "MISSED") << " ("
            << fixed(ratio, 2) << "×)";
  if (roundsDisagree(ratios, meetsRatio)) {
    std::cout << ", but INCONCLUSIVE: the rounds' ratios (" << range(ratios, 2, "×")
              << ") fall on both sides of it";
  }
  std::cout << ".\nGoal: weft's round trip ≤ raw + " << kGoalExtraUs
            << " µs: " << (extra <= kGoalExtraUs ? "met" : "MISSED") << " ("
            << signedFixed(extra, 1) << " µs p50, " << signedFixed(extraP99, 1) << " µs p99)";
  if (roundsDisagree(extras, meetsExtra)) {
    std::cout << ", but INCONCLUSIVE: the rounds' differences (" << signedRange(extras, 1)
              << " µs) fall on both sides of it";
  }
  std::cout << ".\n";
  if (options.window > 1) {
    std::cout << "  With " << options.window << " messages in flight a round trip is mostly the "
              << "wait behind the others\n  (about window ÷ throughput), so this goal follows the "
                 "throughput one.\n";
  }
}

int runEnetEcho(const Options& options) {
  const int serverCpu = options.cpus[0], clientCpu = options.cpus[1];
  std::cout << "weft-bench enet-echo: " << options.window << " reliable "
            << (options.window == 1 ? "message" : "messages") << " of " << options.size
            << " bytes in flight over ENet on loopback,\n  " << options.messages
            << " per round and server, " << options.rounds
            << (options.rounds == 1 ? " round" : " rounds") << " after a warm-up\n"
            << "  weft:   echo server = Reactor::run + MessageProtocol::send per message; "
            << buildDescription() << "\n  raw:    echo server = enet_host_service(10 ms) loop, "
            << "enet_peer_send + enet_host_flush per message\n"
            << "  client: raw libenet, enet_host_service(5 ms) loop, one peer per server; the "
               "same client\n          for both, so the difference is the server's.\n";
  const auto fail = [](const std::string& why) {
    std::cerr << "weft-bench enet-echo: " << why << '\n';
    return 1;
  };
  const auto self = ChildProcess::selfPath();
  if (!self) return fail(self.error().message);
  // Pin (and change policy) first, so the servers we start inherit the policy and start life
  // off the client's CPU.
  if (auto pinned = pinToCpu(clientCpu); !pinned) return fail(pinned.error().message);
  if (options.fifo) {
    if (auto fifo = useFifoScheduling(kFifoPriority); !fifo) {
      return fail(strCat("--fifo: ", fifo.error().message));
    }
  }
  std::unique_ptr<EchoTarget> targets[kServers];
  for (Server kind : {Raw, Weft}) {
    auto server = startEnetServer(*self, {kServerNames[kind], {}}, serverCpu, 1, options.serverWrapper);
    if (!server) return fail(server.error().message);
    targets[kind] = std::make_unique<EchoTarget>(std::move(*server));
    auto client = RawEnetClient::connect(targets[kind]->server.port, 1, kConnectLimit);
    if (!client) return fail(strCat(kServerNames[kind], " server: ", client.error().message));
    targets[kind]->client = std::move(*client);
  }
  if (!options.serverWrapper.empty()) {
    std::cout << "  servers run under:";
    for (const std::string& word : options.serverWrapper) std::cout << ' ' << word;
    std::cout << " (the figures include it)\n";
  }
  std::cout << "  CPUs:   servers pinned to " << serverCpu << " (running on "
            << targets[Raw]->server.cpu << " and " << targets[Weft]->server.cpu
            << "), client pinned to " << clientCpu << " (running on " << currentCpu() << ")"
            << (options.fifo ? ",\n          all three under SCHED_FIFO priority 1" : "") << '\n'
            << "measuring..." << std::endl;

  RoundBuffers buffers;
  for (std::size_t i = 0; i < options.size; ++i) {
    buffers.message += static_cast<char>('a' + i % 26);
  }
  buffers.sentAt.resize(options.messages);
  buffers.roundTrips.resize(options.messages);
  Series series[kServers];
  std::size_t fewest = options.messages;
  // Round 0 warms both paths up (caches, ENet's round-trip estimate, allocators); not reported.
  for (int round = 0; round <= options.rounds; ++round) {
    const Server first = round % 2 == 0 ? Raw : Weft;
    for (Server kind : {first, first == Raw ? Weft : Raw}) {
      const std::size_t count =
          round == 0 ? std::min(options.messages, kWarmUpMessages) : options.messages;
      auto figures = measureRound(*targets[kind]->client, options.window, count, buffers);
      if (!figures) return fail(strCat(kServerNames[kind], " server: ", figures.error().message));
      if (round == 0) continue;
      fewest = std::min(fewest, figures->echoes);
      series[kind].perSecond.push_back(figures->perSecond);
      series[kind].p50s.push_back(figures->p50);
      series[kind].p99s.push_back(figures->p99);
    }
  }
  int status = 0;
  for (Server kind : {Raw, Weft}) {
    if (auto left = targets[kind]->client->disconnect(kDisconnectLimit); !left) {
      std::cerr << "weft-bench enet-echo: " << kServerNames[kind]
                << " server: " << left.error().message << '\n';
      status = 1;
    } else if (std::string problem = finishEnetServer(targets[kind]->server, kServerNames[kind]);
               !problem.empty()) {
      std::cerr << "weft-bench enet-echo: " << problem << '\n';
      status = 1;
    }
  }
  printReport(options, series, fewest);
  return status;
}

}  // namespace

Command enetEchoCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "enet-echo",
      "Messages/s and round trips of reliable ENet messages through a weft ENet echo server "
      "(Reactor::run + MessageProtocol), beside a raw libenet echo server in the same run, "
      "servers and client pinned to separate CPUs");
  cli->add_option("--window", options->window, "Reliable messages kept in flight")
      ->check(CLI::Range(std::size_t{1}, kMaxWindow))
      ->capture_default_str();
  cli->add_option("--size", options->size,
                  "Bytes in each message (the first 8 hold its sequence number)")
      ->check(CLI::Range(kSequenceBytes, kMaxSize))
      ->capture_default_str();
  cli->add_option("--messages", options->messages, "Messages per round and server")
      ->check(CLI::Range(kMinMessages, kMaxMessages))
      ->capture_default_str();
  cli->add_option("--rounds", options->rounds,
                  "Measured rounds after one warm-up round; medians over rounds are reported")
      ->check(CLI::Range(1, kMaxRounds))
      ->capture_default_str();
  cli->add_option("--cpu", options->cpu,
                  "SERVER,CLIENT: the CPU both echo servers are pinned to, and the client's "
                  "(as taskset -c would); two different CPUs this process may use")
      ->capture_default_str();
  cli->add_option("--server-wrapper", options->serverWrapper,
                  "A command the servers run under, to profile them, e.g. \"/usr/bin/valgrind "
                  "--tool=callgrind\" (its first word a path); the figures then include it")
      ->delimiter(' ');
  cli->add_flag("--fifo", options->fifo,
                "Run client and servers under SCHED_FIFO priority 1 (as chrt -f 1 would), so "
                "other load on the machine cannot delay their wake-ups; needs root or "
                "CAP_SYS_NICE. Every round is time-bounded, so nothing can hog a CPU for long");
  cli->parse_complete_callback([options] {
    auto cpus = parseCpuList(options->cpu, 2);
    if (!cpus) throw CLI::ValidationError("--cpu", cpus.error().message);
    options->cpus = *cpus;
  });
  return {cli, [options] { return runEnetEcho(*options); }};
}

}  // namespace weft::bench
