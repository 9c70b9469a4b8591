// weft-bench enet-peers: the CPU share of a weft ENet server answering many peers that each send
// at a game's rate, unbatched and with batch=SECONDS, beside a raw libenet server under the same
// load, each a separate process pinned to one CPU while the load generator (this process, raw
// libenet) runs on another. The load, the servers and how to read the table:
// tools/bench/README.md.
// Run: weft-bench enet-peers --peers 64 --rate 60 --size 1000 [--seconds S] [--rounds R]
//      [--delivery reliable|unreliable] [--batch SECONDS] [--no-raw] [--cpu A,B]
//      [--server-wrapper CMD]
// Tests: tests/tools/bench/enet_bench_test.cpp

#include <enet/enet.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "net/core/endpoint.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/enet/enet_endpoint.h"
#include "tools/bench/call_timer.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/echo_servers.h"
#include "tools/bench/helper_server.h"
#include "tools/bench/options.h"
#include "tools/bench/process_usage.h"
#include "tools/bench/raw_enet.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using namespace std::chrono_literals;

constexpr int kMaxPeers = 1000;
constexpr int kMaxRate = 1000;
constexpr std::size_t kMaxSize = 4096;
constexpr int kMaxSeconds = 60;
constexpr int kMaxRounds = 10;
constexpr auto kConnectLimit = 10s;
constexpr auto kServerStartLimit = 15s;  // to print "listening" (under valgrind, too)
constexpr auto kServerExitLimit = 3s;    // after its last peer left
constexpr auto kWarmUp = 1s;
constexpr auto kSlice = 1s;           // the per-second shares
constexpr auto kAnswerDrain = 100ms;  // for answers still in flight after the last send
constexpr auto kDisconnectLimit = 3s;
constexpr enet_uint32 kServiceTimeoutMs = 1;

struct Options {
  int peers = 64;
  int rate = 60;
  std::size_t size = 1000;
  int seconds = 5;
  int rounds = 3;
  std::string delivery = "reliable";
  std::string batch = "0.016";  // the weft-batch server's; "0": no such row
  bool noRaw = false;
  std::string cpu = "0,1";
  std::vector<int> cpus;                   // --cpu, parsed
  std::vector<std::string> serverWrapper;  // --server-wrapper, split at spaces
};

// What one server did under the load.
struct Measurement {
  std::string kind;
  double seconds = 0;
  std::size_t sent = 0, answered = 0;  // within the measured seconds
  double sharePercent = 0;             // of one core, over the measured seconds
  std::vector<double> sliceShares;     // per second
  double kernelPercent = 0;            // of the server's CPU time, in the kernel (ticks)
  double loadSharePercent = 0;         // the load generator's own, for context
};

// Sends on a fixed schedule and counts answers, until `until`. The k-th send overall is due at
// start + k x period / peers and goes to peer k mod peers, so each peer sends at `rate`.
class LoadSchedule {
 public:
  LoadSchedule(RawEnetClient& client, const Options& options)
      : client_(client),
        channel_(options.delivery == "reliable" ? kReliableChannel : kUnreliableChannel),
        message_(options.size, 'x'),
        spacing_(std::chrono::duration_cast<BenchClock::duration>(
            std::chrono::duration<double>(1.0 / (options.rate * options.peers)))),
        start_(BenchClock::now()) {}

  // Runs the load until `until`; the error says what broke.
  net::Result<void> runUntil(BenchClock::time_point until, bool sending = true) {
    ENetHost* host = client_.host();
    const auto peers = client_.peers();
    while (BenchClock::now() < until) {
      bool queued = false;
      for (BenchClock::time_point now = BenchClock::now(); sending && due_ <= now;) {
        ENetPacket* packet =
            enet_packet_create(message_.data(), message_.size(), echoPacketFlags(channel_));
        if (packet == nullptr ||
            enet_peer_send(peers[sent_ % peers.size()], channel_, packet) < 0) {
          if (packet != nullptr) enet_packet_destroy(packet);
          return net::Error{"ENet refused to queue a message"};
        }
        ++sent_;
        due_ = start_ + spacing_ * static_cast<long long>(sent_);
        queued = true;
      }
      if (queued) enet_host_flush(host);
      ENetEvent event;
      const int result = enet_host_service(host, &event, kServiceTimeoutMs);
      if (result < 0) return net::Error{"enet_host_service failed"};
      while (result > 0) {
        if (event.type == ENET_EVENT_TYPE_DISCONNECT) {
          return net::Error{strCat("the server dropped peer ", event.peer - host->peers + 1)};
        }
        if (event.type == ENET_EVENT_TYPE_RECEIVE) {
          if (event.packet->dataLength == message_.size()) ++answered_;
          enet_packet_destroy(event.packet);
        }
        // What else the last receive brought, without waiting.
        if (enet_host_check_events(host, &event) <= 0) break;
      }
    }
    return {};
  }

  std::size_t sent() const { return sent_; }
  std::size_t answered() const { return answered_; }

 private:
  RawEnetClient& client_;
  std::uint8_t channel_;
  std::string message_;
  BenchClock::duration spacing_;
  BenchClock::time_point start_;
  BenchClock::time_point due_ = start_;
  std::size_t sent_ = 0, answered_ = 0;
};

net::Result<CpuReading> selfCpu() {
  return processCpuTime(::getpid());
}

net::Result<Measurement> measureServer(const std::string& self, const EnetServerKind& serverKind,
                                       const Options& options) {
  const std::string kind = serverKind.label();
  const std::string name = strCat("the ", kind, " ENet server");
  auto server = startHelperServer(
      name, enetServerArgv(self, serverKind, options.cpus[0], options.peers, options.serverWrapper),
      kServerStartLimit);
  if (!server) return server.error();
  auto client =
      RawEnetClient::connect(server->port, static_cast<std::size_t>(options.peers), kConnectLimit);
  if (!client) return net::Error{strCat(kind, " server: ", client.error().message)};
  LoadSchedule load(**client, options);
  if (auto warm = load.runUntil(BenchClock::now() + kWarmUp); !warm) {
    return net::Error{strCat(kind, " server: ", warm.error().message)};
  }

  Measurement m;
  m.kind = kind;
  const std::size_t sentBefore = load.sent(), answeredBefore = load.answered();
  auto serverStart = processCpuTime(server->process.pid());
  auto loadStart = selfCpu();
  if (!serverStart || !loadStart) {
    return net::Error{(serverStart ? loadStart : serverStart).error().message};
  }
  auto splitStart = processCpuSplit(server->process.pid());
  if (!splitStart) return splitStart.error();
  const BenchClock::time_point start = BenchClock::now();
  CpuReading sliceStart = *serverStart;
  BenchClock::time_point sliceFrom = start;
  for (int second = 0; second < options.seconds; ++second) {
    if (auto ran = load.runUntil(start + kSlice * (second + 1)); !ran) {
      return net::Error{strCat(kind, " server: ", ran.error().message)};
    }
    auto now = processCpuTime(server->process.pid());
    if (!now) return now.error();
    const BenchClock::time_point at = BenchClock::now();
    m.sliceShares.push_back(100.0 *
                            std::chrono::duration<double>(now->time - sliceStart.time).count() /
                            std::chrono::duration<double>(at - sliceFrom).count());
    sliceStart = *now;
    sliceFrom = at;
  }
  const BenchClock::time_point end = BenchClock::now();
  auto loadEnd = selfCpu();
  if (!loadEnd) return loadEnd.error();
  auto splitEnd = processCpuSplit(server->process.pid());
  if (!splitEnd) return splitEnd.error();
  const auto kernel = splitEnd->system - splitStart->system;
  const auto total = kernel + (splitEnd->user - splitStart->user);
  m.kernelPercent = total.count() == 0 ? 0
                                       : 100.0 * static_cast<double>(kernel.count()) /
                                             static_cast<double>(total.count());
  m.seconds = std::chrono::duration<double>(end - start).count();
  m.sharePercent = 100.0 *
                   std::chrono::duration<double>(sliceStart.time - serverStart->time).count() /
                   m.seconds;
  m.loadSharePercent =
      100.0 * std::chrono::duration<double>(loadEnd->time - loadStart->time).count() / m.seconds;
  m.sent = load.sent() - sentBefore;
  // Answers to the measured sends may still be on their way: let them in (without sending)
  // before counting, so a slow server is not charged with answers it merely had not sent yet.
  if (auto drained = load.runUntil(BenchClock::now() + kAnswerDrain, false); !drained) {
    return net::Error{strCat(kind, " server: ", drained.error().message)};
  }
  m.answered = load.answered() - answeredBefore;
  if (auto left = (*client)->disconnect(kDisconnectLimit); !left) {
    return net::Error{strCat(kind, " server: ", left.error().message)};
  }
  if (auto done = finishHelperServer(*server, name, kServerExitLimit); !done) return done.error();
  return m;
}

// Per message handled (one in, one answer out): the server's CPU time over its answers.
double cpuPerMessageUs(const Measurement& m) {
  const double cpuSeconds = m.sharePercent / 100.0 * m.seconds;
  return m.answered == 0 ? 0 : cpuSeconds * 1e6 / static_cast<double>(m.answered);
}

// The median over rounds of `figure` for one server's measurements.
template <typename Figure>
double medianOf(const std::vector<const Measurement*>& runs, Figure figure) {
  std::vector<double> values;
  for (const Measurement* m : runs) values.push_back(figure(*m));
  return median(values);
}

// A column per server, a row per figure; each figure is the median over the server's rounds.
void printTable(const std::vector<EnetServerKind>& servers, const std::vector<Measurement>& runs) {
  std::vector<Table::Column> columns = {{"figure", Table::Align::Left}};
  std::vector<std::vector<const Measurement*>> mine;  // each server's runs, in `servers` order
  for (const EnetServerKind& server : servers) {
    columns.push_back({server.label()});
    mine.emplace_back();
    for (const Measurement& m : runs) {
      if (m.kind == server.label()) mine.back().push_back(&m);
    }
  }
  const bool raw = servers.back().kind == "raw";
  for (std::size_t s = 0; raw && s + 1 < servers.size(); ++s) {
    columns.push_back({strCat(servers[s].label(), "/raw")});
  }
  Table table(std::move(columns));
  const auto addRow = [&](const char* label, int decimals, auto figure, bool compared) {
    std::vector<std::string> cells = {label};
    std::vector<double> medians;
    for (const auto& runsOf : mine) medians.push_back(medianOf(runsOf, figure));
    for (double value : medians) cells.push_back(fixed(value, decimals));
    for (std::size_t s = 0; raw && s + 1 < medians.size(); ++s) {
      cells.push_back(compared ? ratio(medians[s], medians.back()) : "");
    }
    table.addRow(std::move(cells));
  };
  const auto addSpread = [&](const char* label, auto values) {
    std::vector<std::string> cells = {label};
    for (const auto& runsOf : mine) {
      std::vector<double> all;
      for (const Measurement* m : runsOf) values(*m, all);
      cells.push_back(range(all, 2));
    }
    cells.resize(table.columns(), "");
    table.addRow(std::move(cells));
  };
  addRow(
      "sent/s", 0, [](const Measurement& m) { return m.sent / m.seconds; }, false);
  addRow(
      "answered/s", 0, [](const Measurement& m) { return m.answered / m.seconds; }, false);
  addRow(
      "CPU %", 2, [](const Measurement& m) { return m.sharePercent; }, true);
  addSpread("CPU % rounds min–max",
            [](const Measurement& m, std::vector<double>& all) { all.push_back(m.sharePercent); });
  addSpread("CPU % seconds min–max", [](const Measurement& m, std::vector<double>& all) {
    all.insert(all.end(), m.sliceShares.begin(), m.sliceShares.end());
  });
  addRow("µs CPU per message", 1, cpuPerMessageUs, true);
  addRow(
      "kernel %", 0, [](const Measurement& m) { return m.kernelPercent; }, false);
  addRow(
      "load CPU %", 1, [](const Measurement& m) { return m.loadSharePercent; }, false);
  table.print(std::cout);
}

int runEnetPeers(Options& options) {
  const auto fail = [](const std::string& why) {
    std::cerr << "weft-bench enet-peers: " << why << '\n';
    return 1;
  };
  auto cpus = cpuPair(options.cpu);
  if (!cpus) return fail(cpus.error().message);
  options.cpus = *cpus;
  const auto self = tools::selfPath();
  if (!self) return fail(self.error().message);
  if (auto pinned = pinToCpu(options.cpus[1]); !pinned) return fail(pinned.error().message);
  const auto cpuSource = selfCpu();  // the servers' figures come from the same files
  std::cout << "weft-bench enet-peers: " << options.peers << " peers × " << options.rate
            << " Hz of " << options.size << "-byte " << options.delivery << " messages, each "
            << "answered; " << options.seconds << " s per server after " << kWarmUp.count()
            << " s of warm-up, " << counted(options.rounds, "round") << "; server on CPU "
            << options.cpus[0] << ", load on CPU " << options.cpus[1] << "; CPU time from "
            << (cpuSource ? cpuSource->source : "?") << "; " << buildDescription() << '\n';
  if (!options.serverWrapper.empty()) {
    std::cout << "servers run under:";
    for (const std::string& word : options.serverWrapper) std::cout << ' ' << word;
    std::cout << '\n';
  }
  std::cout << std::endl;
  std::vector<Measurement> runs;
  std::vector<EnetServerKind> kinds = {{"weft", {}}};
  if (options.batch != "0") kinds.push_back({"weft", options.batch});
  if (!options.noRaw) kinds.push_back({"raw", {}});
  for (int round = 0; round < options.rounds; ++round) {
    // Alternating which server goes first, so a machine that slows down midway slows both.
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const EnetServerKind& kind = kinds[(i + static_cast<std::size_t>(round)) % kinds.size()];
      auto measured = measureServer(*self, kind, options);
      if (!measured) return fail(measured.error().message);
      runs.push_back(std::move(*measured));
    }
  }
  printTable(kinds, runs);
  return 0;
}

}  // namespace

Command enetPeersCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "enet-peers",
      "CPU share of a weft ENet server answering many peers that each send at a game's rate, "
      "unbatched and with batch=SECONDS, beside a raw libenet server under the same load; "
      "server and load pinned to separate CPUs");
  cli->footer(
      "A column per server (weft, weft-batch, raw), a row per figure, each the median over "
      "rounds; CPU % is the server's CPU time (every thread) over the measured seconds as a "
      "share of one core, and the last columns compare each weft server with raw. Each round "
      "starts fresh servers one after the other. See tools/bench/README.md.");
  cli->add_option("--peers", options->peers, "ENet peers, all sending")
      ->check(CLI::Range(1, kMaxPeers))
      ->capture_default_str();
  cli->add_option("--rate", options->rate, "Messages per second from each peer")
      ->check(CLI::Range(1, kMaxRate))
      ->capture_default_str();
  cli->add_option("--size", options->size, "Bytes in each message, and in each answer")
      ->check(CLI::Range(std::size_t{1}, kMaxSize))
      ->capture_default_str();
  cli->add_option("--seconds", options->seconds, "Seconds measured per server, after a warm-up")
      ->check(CLI::Range(1, kMaxSeconds))
      ->capture_default_str();
  addRoundsOption(*cli, options->rounds, kMaxRounds,
                  "Rounds, each measuring every server once with fresh processes; the table "
                  "shows medians over rounds");
  cli->add_option("--delivery", options->delivery,
                  "reliable (channel 0) or unreliable (sequenced, channel 1), for the messages "
                  "and their answers")
      ->check(CLI::IsMember({"reliable", "unreliable"}))
      ->capture_default_str();
  cli->add_option("--batch", options->batch,
                  "Also measure the weft server with its endpoint's batch=SECONDS (weft-batch: "
                  "serve at most once per batch); 0 skips it")
      ->transform(CLI::Validator(
          [](std::string& text) {
            auto parsed = net::parseServerEndpoint(strCat("enet:0:batch=", text));
            if (!parsed) return parsed.error().message;
            if (net::enetOptions(*parsed).batch == net::Duration::zero())
              text = "0";  // "0.000" skips it too
            return std::string();
          },
          "SECONDS"))
      ->capture_default_str();
  cli->add_flag("--no-raw", options->noRaw, "Measure the weft servers only");
  addCpuOption(*cli, options->cpu, "SERVER,LOAD");
  addServerWrapperOption(*cli, options->serverWrapper);
  return {cli, [options] { return runEnetPeers(*options); }};
}

}  // namespace weft::bench
