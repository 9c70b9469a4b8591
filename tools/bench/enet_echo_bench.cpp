// weft-bench enet-echo: messages per second and round trips of reliable ENet messages over
// loopback, through a weft ENet echo server beside a raw libenet echo server in the same run
// (rounds interleaved raw, weft, weft, raw...), each server a separate process pinned to one CPU
// and the client (raw libenet, this process) to another. How the client and both servers work
// and how to read the table: tools/bench/README.md.
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
#include "tools/bench/echo_servers.h"
#include "tools/bench/helper_server.h"
#include "tools/bench/options.h"
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
constexpr auto kConnectLimit = 5s;
// Each round of each server stops sending after this long (so a busy machine cannot stretch the
// run past (rounds + 1) x 2 servers x 2 s); the messages then in flight get kEchoLimit to return.
constexpr auto kRoundLimit = 2s;
constexpr auto kEchoLimit = 5s;  // between two echoes, at most
constexpr auto kDisconnectLimit = 2s;
constexpr auto kServerStartLimit = 15s;  // to print "listening" (under valgrind, too)
constexpr auto kServerExitLimit = 3s;    // after its last peer left
constexpr std::size_t kWarmUpMessages = 2'000;
constexpr enet_uint32 kServiceTimeoutMs = 5;

enum Server { Raw, Weft, kServers };
constexpr const char* kServerNames[kServers] = {"raw", "weft"};

struct Options {
  std::size_t window = 1;
  std::size_t size = 32;
  std::size_t messages = 20'000;
  int rounds = 5;
  std::string cpu = "0,1";
  bool fifo = false;
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
  explicit EchoTarget(HelperServer started) : server(std::move(started)) {}
  HelperServer server;
  std::unique_ptr<RawEnetClient> client;
};

std::string serverName(Server kind) {
  return strCat("the ", kServerNames[kind], " ENet server");
}

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

void printTable(const Series (&series)[kServers], std::size_t fewest, std::size_t messages) {
  // Each round measures both servers back to back, so per-round ratios and differences cancel
  // most of what the machine did between rounds; their median is the figure, their range its
  // noise.
  Table table(
      {{"figure", Table::Align::Left}, {"weft"}, {"raw"}, {"weft vs raw"}, {"rounds min–max"}});
  const Series& weft = series[Weft];
  const Series& raw = series[Raw];
  const std::vector<double> throughput = ratios(weft.perSecond, raw.perSecond);
  table.addRow({"messages/s", fixed(median(weft.perSecond), 0), fixed(median(raw.perSecond), 0),
                ratio(median(throughput), 1),
                range(throughput, [](double r) { return ratio(r, 1); })});
  const auto addRoundTrip = [&](const char* label, std::vector<double> Series::*figure) {
    const std::vector<double> extra = differences(weft.*figure, raw.*figure);
    table.addRow({label, fixed(median(weft.*figure), 1), fixed(median(raw.*figure), 1),
                  signedFixed(median(extra), 1),
                  range(extra, [](double v) { return signedFixed(v, 1); })});
  };
  addRoundTrip("p50 µs", &Series::p50s);
  addRoundTrip("p99 µs", &Series::p99s);
  table.print(std::cout);
  if (fewest < messages) {
    std::cout << "\nsome rounds stopped sending at their " << kRoundLimit.count()
              << " s limit after " << fewest << " messages\n";
  }
}

int runEnetEcho(const Options& options) {
  const auto fail = [](const std::string& why) {
    std::cerr << "weft-bench enet-echo: " << why << '\n';
    return 1;
  };
  const auto cpus = cpuPair(options.cpu);
  if (!cpus) return fail(cpus.error().message);
  const auto self = tools::selfPath();
  if (!self) return fail(self.error().message);
  // Pin (and change policy) first, so the servers we start inherit the policy and start life
  // off the client's CPU.
  if (auto pinned = pinToCpu((*cpus)[1]); !pinned) return fail(pinned.error().message);
  if (auto fifo = applyFifo(options.fifo); !fifo) return fail(fifo.error().message);
  std::unique_ptr<EchoTarget> targets[kServers];
  for (Server kind : {Raw, Weft}) {
    auto server = startHelperServer(
        serverName(kind),
        enetServerArgv(*self, {kServerNames[kind], {}}, (*cpus)[0], 1, options.serverWrapper),
        kServerStartLimit);
    if (!server) return fail(server.error().message);
    targets[kind] = std::make_unique<EchoTarget>(std::move(*server));
    auto client = RawEnetClient::connect(targets[kind]->server.port, 1, kConnectLimit);
    if (!client) return fail(strCat(serverName(kind), ": ", client.error().message));
    targets[kind]->client = std::move(*client);
  }
  std::cout << "weft-bench enet-echo: " << options.window << " reliable "
            << (options.window == 1 ? "message" : "messages") << " of " << options.size
            << " bytes in flight over ENet on loopback, " << options.messages << " messages × "
            << counted(options.rounds, "round") << "; servers on CPU " << targets[Raw]->server.cpu
            << " and " << targets[Weft]->server.cpu << ", client on CPU " << currentCpu()
            << (options.fifo ? ", SCHED_FIFO" : "") << "; " << buildDescription() << '\n';
  if (!options.serverWrapper.empty()) {
    std::cout << "servers run under:";
    for (const std::string& word : options.serverWrapper) std::cout << ' ' << word;
    std::cout << '\n';
  }
  std::cout << std::endl;

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
      if (!figures) return fail(strCat(serverName(kind), ": ", figures.error().message));
      if (round == 0) continue;
      fewest = std::min(fewest, figures->echoes);
      series[kind].perSecond.push_back(figures->perSecond);
      series[kind].p50s.push_back(figures->p50);
      series[kind].p99s.push_back(figures->p99);
    }
  }
  int status = 0;
  for (Server kind : {Raw, Weft}) {
    net::Result<void> done = targets[kind]->client->disconnect(kDisconnectLimit);
    if (done) done = finishHelperServer(targets[kind]->server, serverName(kind), kServerExitLimit);
    if (!done) status = fail(done.error().message);
  }
  printTable(series, fewest, options.messages);
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
  cli->footer(
      "Rows messages/s, p50 µs and p99 µs (send to the echo's receive event): the median over "
      "rounds for each server, and of the per-round ratios or differences weft vs raw, with "
      "their range. Rounds alternate raw-first and weft-first. See tools/bench/README.md.");
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
  addRoundsOption(*cli, options->rounds, kMaxRounds);
  addCpuOption(*cli, options->cpu, "SERVER,CLIENT");
  addServerWrapperOption(*cli, options->serverWrapper);
  addFifoOption(*cli, options->fifo);
  return {cli, [options] { return runEnetEcho(*options); }};
}

}  // namespace weft::bench
