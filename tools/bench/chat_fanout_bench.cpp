// weft-bench chat-fanout: chat fan-out through weft-chatd beside the server of the Twisted chat
// tutorial "Einführung in Twisted" (tools/bench/twisted_chat_server.py), each in its own process,
// in the same run and under the same load generator (chat_load.h): deliveries per second,
// latency p50/p99 and the server's CPU time per delivery; then the memory weft-chatd needs per
// idle member. How to read it: tools/bench/README.md.
// Run: weft-bench chat-fanout [--clients N] [--senders S] [--window W] [--seconds D]
//      [--idle M] [--cpu A,B] [--server weft|twisted|both]

#include <sched.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/core/str_cat.h"
#include "tools/bench/chat_load.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/descriptor_limit.h"
#include "tools/bench/helper_server.h"
#include "tools/bench/options.h"
#include "tools/bench/process_usage.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using namespace std::chrono_literals;

constexpr auto kStartLimit = 10s;  // a server prints where it listens
constexpr auto kJoinLimit = 300s;  // all members joined and caught up (Twisted is slow at it)

enum Server { Weft, Twisted, kServers };
constexpr const char* kServerNames[kServers] = {"weft", "twisted"};

struct Options {
  std::size_t clients = 1000;
  std::size_t senders = 10;
  std::size_t window = 4;
  double seconds = 5;
  double warmUp = 1;
  std::size_t idle = 10000;
  std::string cpu = "0,1";
  std::string server = "both";
  std::string python = "/usr/bin/python3";
  std::vector<int> cpus;  // --cpu, parsed
};

struct Scenario {
  std::size_t senders;
  std::size_t window;
};

struct Row {
  bool measured = false;
  std::string problem;  // why not, if not
  double deliveriesPerSecond = 0;
  double messagesPerSecond = 0;
  Summary latencyUs;
  double serverCpuUsPerDelivery = 0;
  double generatorBusy = 0;  // share of the window the generator's CPU was busy
};

net::Result<HelperServer> startServer(Server kind, const Options& options) {
  std::vector<std::string> argv;
  if (kind == Weft) {
    auto self = tools::selfPath();
    if (!self) return self.error();
    const std::string chatd = (std::filesystem::path(*self).parent_path() / "weft-chatd").string();
    argv = {chatd, "--listen", "tcp:0:interface=127.0.0.1:backlog=1024", "--quiet", "--rate", "0",
            "--max-members", strCat(options.clients + options.idle + 16),
            // every load connection comes from 127.0.0.1: no per-address cap
            "--max-per-address", "0"};
  } else {
    argv = {options.python, WEFT_SOURCE_DIR "/tools/bench/twisted_chat_server.py", "--port", "0"};
  }
  auto server = startHelperServer(strCat("the ", kServerNames[kind], " server"), std::move(argv),
                                  kStartLimit);
  if (!server) return server.error();
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(options.cpus[0], &set);
  ::sched_setaffinity(server->process.pid(), sizeof set, &set);  // best effort, like taskset
  return server;
}

Row measure(Server kind, const Options& options, const Scenario& scenario) {
  Row row;
  auto server = startServer(kind, options);
  if (!server) {
    row.problem = server.error().message;
    return row;
  }
  auto load = ChatLoad::join(server->port, options.clients, kJoinLimit);
  if (!load) {
    row.problem = load.error().message;
    return row;
  }
  std::optional<std::chrono::nanoseconds> cpuOpen, cpuClose;
  FanoutRun run;
  run.senders = scenario.senders;
  run.window = scenario.window;
  run.warmUp = std::chrono::milliseconds(static_cast<long>(options.warmUp * 1000));
  run.measured = std::chrono::milliseconds(static_cast<long>(options.seconds * 1000));
  const pid_t pid = server->process.pid();
  const auto readCpu = [pid](std::optional<std::chrono::nanoseconds>& into) {
    if (auto cpu = processCpuTime(pid)) into = cpu->time;
  };
  run.windowOpened = [&] { readCpu(cpuOpen); };
  run.windowClosed = [&] { readCpu(cpuClose); };
  auto figures = load->fanOut(run);
  if (!figures) {
    row.problem = figures.error().message;
    return row;
  }
  row.measured = true;
  row.deliveriesPerSecond = static_cast<double>(figures->deliveries) / figures->seconds;
  row.messagesPerSecond = static_cast<double>(figures->messages) / figures->seconds;
  row.latencyUs = summarize(figures->latenciesUs);
  if (cpuOpen && cpuClose && figures->deliveries > 0) {
    row.serverCpuUsPerDelivery =
        std::chrono::duration<double, std::micro>(*cpuClose - *cpuOpen).count() /
        static_cast<double>(figures->deliveries);
  }
  row.generatorBusy = figures->generatorCpuSeconds / figures->seconds;
  // The server goes first (SIGKILL), so closing a thousand sockets cannot set off a storm of
  // "has gone away" broadcasts for nobody.
  { HelperServer stopped = std::move(*server); }
  return row;
}

void printScenario(const Options& options, const Scenario& scenario, const Row (&rows)[kServers]) {
  std::cout << '\n'
            << options.clients << " members, " << counted(scenario.senders, "sender") << ", window "
            << scenario.window << '\n';
  Table table({{"figure", Table::Align::Left}, {"weft"}, {"Twisted"}, {"weft/Twisted"}});
  const auto addRow = [&](const char* label, int decimals, auto figure, bool compared = true) {
    const Row& w = rows[Weft];
    const Row& t = rows[Twisted];
    table.addRow({label, w.measured ? fixed(figure(w), decimals) : kNotMeasured,
                  t.measured ? fixed(figure(t), decimals) : kNotMeasured,
                  !compared                  ? ""
                  : w.measured && t.measured ? ratio(figure(w), figure(t))
                                             : kNotMeasured});
  };
  addRow("deliveries/s", 0, [](const Row& r) { return r.deliveriesPerSecond; });
  addRow("messages/s", 0, [](const Row& r) { return r.messagesPerSecond; });
  addRow("p50 ms", 2, [](const Row& r) { return r.latencyUs.median / 1000; });
  addRow("p99 ms", 2, [](const Row& r) { return r.latencyUs.p99 / 1000; });
  addRow("server CPU µs/delivery", 3, [](const Row& r) { return r.serverCpuUsPerDelivery; });
  addRow(
      "generator busy %", 0, [](const Row& r) { return r.generatorBusy * 100; }, false);
  table.print(std::cout);
  for (Server kind : {Weft, Twisted}) {
    if (!rows[kind].measured && !rows[kind].problem.empty()) {
      std::cout << kServerNames[kind] << " not measured: " << rows[kind].problem << '\n';
    }
  }
}

int measureIdle(const Options& options) {
  std::cout << '\n' << options.idle << " idle members (joined, then quiet)\n";
  const auto fail = [](const net::Error& error) {
    std::cout << "weft not measured: " << error.message << '\n';
    return 1;
  };
  auto server = startServer(Weft, options);
  if (!server) return fail(server.error());
  const auto before = residentBytes(server->process.pid());
  auto load = ChatLoad::join(server->port, options.idle, kJoinLimit);
  if (!load) return fail(load.error());
  load->drain(500ms);
  const auto after = residentBytes(server->process.pid());
  if (!before || !after) return fail(before ? after.error() : before.error());
  const auto mib = [](std::size_t bytes) { return fixed(static_cast<double>(bytes) / 1048576, 1); };
  const double perMember = (static_cast<double>(*after) - static_cast<double>(*before)) /
                           static_cast<double>(options.idle);
  Table table({{"figure", Table::Align::Left}, {"weft"}});
  table.addRow({"RSS before MiB", mib(*before)});
  table.addRow({"RSS with members MiB", mib(*after)});
  table.addRow({"bytes per member", fixed(perMember, 0)});
  table.print(std::cout);
  return 0;
}

int runChatFanout(Options& options) {
  const auto fail = [](const std::string& why) {
    std::cerr << "weft-bench chat-fanout: " << why << '\n';
    return 1;
  };
  auto cpus = cpuPair(options.cpu);
  if (!cpus) return fail(cpus.error().message);
  options.cpus = *cpus;
  if (auto pinned = pinToCpu(options.cpus[1]); !pinned) return fail(pinned.error().message);
  if (auto limit = raiseDescriptorLimit(std::max(options.clients, options.idle) + 64); !limit) {
    return fail(limit.error().message);
  }
  std::cout << "weft-bench chat-fanout: telnet lines over TCP loopback, " << options.seconds
            << " s measured after " << options.warmUp << " s per server and scenario; servers on "
            << "CPU " << options.cpus[0] << ", load generator on CPU " << options.cpus[1] << "; "
            << buildDescription() << '\n';
  const bool want[kServers] = {options.server != "twisted", options.server != "weft"};
  const Scenario scenarios[] = {{options.senders, options.window}, {1, 1}};
  int status = 0;
  for (const Scenario& scenario : scenarios) {
    Row rows[kServers];
    for (Server kind : {Weft, Twisted}) {
      if (!want[kind]) continue;
      rows[kind] = measure(kind, options, scenario);
      if (!rows[kind].measured) status = 1;
    }
    printScenario(options, scenario, rows);
  }
  if (options.idle > 0 && want[Weft] && measureIdle(options) != 0) status = 1;
  return status;
}

}  // namespace

Command chatFanoutCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "chat-fanout",
      "Chat fan-out: deliveries/s, latency p50/p99 and server CPU per delivery through "
      "weft-chatd and through the Twisted chat tutorial's server, in the same run (S senders, "
      "window W; then 1 sender, window 1); then weft-chatd's memory per idle member");
  cli->footer(
      "A table per scenario, a row per figure, weft-chatd beside the Twisted server and their "
      "ratio; senders keep W messages in flight, every 10th member times its deliveries, and "
      "generator busy % is the load generator's own CPU share. Then weft-chatd's resident "
      "memory before and with the idle members. See tools/bench/README.md.");
  cli->add_option("--clients", options->clients, "Members in the room")
      ->check(CLI::Range(std::size_t{2}, std::size_t{15000}))
      ->capture_default_str();
  cli->add_option("--senders", options->senders, "Members sending at once (first scenario)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}))
      ->capture_default_str();
  cli->add_option("--window", options->window, "Messages each sender keeps in flight")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}))
      ->capture_default_str();
  cli->add_option("--seconds", options->seconds, "Measured seconds per server and scenario")
      ->check(CLI::Range(0.5, 120.0))
      ->capture_default_str();
  cli->add_option("--warm-up", options->warmUp, "Seconds of sending before measuring")
      ->check(CLI::Range(0.0, 30.0))
      ->capture_default_str();
  cli->add_option("--idle", options->idle, "Idle members for the memory figure (0: skip it)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{15000}))
      ->capture_default_str();
  addCpuOption(*cli, options->cpu, "SERVER,GENERATOR");
  cli->add_option("--server", options->server, "Which servers to measure")
      ->check(CLI::IsMember({"weft", "twisted", "both"}))
      ->capture_default_str();
  addPythonOption(*cli, options->python);
  cli->parse_complete_callback([options] {
    if (options->senders > options->clients) {
      throw CLI::ValidationError("--senders", "cannot exceed --clients");
    }
  });
  return {cli, [options] { return runChatFanout(*options); }};
}

}  // namespace weft::bench
