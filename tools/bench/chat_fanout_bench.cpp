// weft-bench chat-fanout: chat fan-out through weft-chatd beside seed 000's chat server on
// Twisted (tools/bench/twisted_chat_server.py), each in its own process, in the same run and
// under the same load generator (chat_load.h): deliveries per second, latency p50/p99 and the
// server's CPU time per delivery; then the memory weft-chatd needs per idle member.
// Run: weft-bench chat-fanout [--clients N] [--senders S] [--window W] [--seconds D]
//      [--idle M] [--cpu A,B] [--server weft|twisted|both]

#include <sched.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "net/core/str_cat.h"
#include "tools/bench/chat_load.h"
#include "tools/bench/child_process.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/descriptor_limit.h"
#include "tools/bench/process_usage.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;
using namespace std::chrono_literals;

constexpr auto kStartLimit = 10s;     // a server prints where it listens
constexpr auto kJoinLimit = 300s;     // all members joined and caught up (Twisted is slow at it)
// The goals (weft-chatd against the Twisted seed server).
constexpr double kGoalThroughput = 4.0;      // x Twisted's deliveries/s, 10 senders, window 4
constexpr double kGoalCpuUs = 0.25;          // server CPU µs per delivery
constexpr double kGoalP99Fraction = 0.5;     // p99 latency <= half of Twisted's
constexpr double kGoalSingleThroughput = 2.2;  // x Twisted, 1 sender, window 1
constexpr double kGoalIdleBytes = 1024;      // user-space bytes per idle member

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
  std::vector<int> cpus;
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

// A server process, pinned to its CPU, and the port it listens on.
struct RunningServer {
  ChildProcess process;
  std::uint16_t port = 0;
};

net::Result<RunningServer> startServer(Server kind, const Options& options, int cpu) {
  std::vector<std::string> argv;
  if (kind == Weft) {
    auto self = ChildProcess::selfPath();
    if (!self) return self.error();
    const std::string chatd = (std::filesystem::path(*self).parent_path() / "weft-chatd").string();
    argv = {chatd, "--listen", "tcp:0:interface=127.0.0.1:backlog=1024", "--quiet", "--rate",
            "0", "--max-members", strCat(options.clients + options.idle + 16)};
  } else {
    argv = {options.python, WEFT_SOURCE_DIR "/tools/bench/twisted_chat_server.py", "--port", "0"};
  }
  auto process = ChildProcess::start(argv);
  if (!process) return process.error();
  auto line = process->readLine(kStartLimit);
  if (!line) return net::Error{strCat("the ", kServerNames[kind], " server ", line.error().message)};
  if (line->starts_with("unavailable ")) return net::Error{line->substr(12)};
  // "listening on 127.0.0.1:PORT (telnet: ...)" or "listening PORT".
  const std::size_t colon = line->find("127.0.0.1:");
  std::istringstream digits(colon != std::string::npos ? line->substr(colon + 10) : line->substr(10));
  int port = 0;
  digits >> port;
  if (!line->starts_with("listening") || port <= 0 || port > 65535) {
    return net::Error{strCat("the ", kServerNames[kind], " server printed: ", *line)};
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  ::sched_setaffinity(process->pid(), sizeof set, &set);  // best effort, like taskset
  return RunningServer{std::move(*process), static_cast<std::uint16_t>(port)};
}

Row measure(Server kind, const Options& options, const Scenario& scenario) {
  Row row;
  auto server = startServer(kind, options, options.cpus[0]);
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
    row.serverCpuUsPerDelivery = std::chrono::duration<double, std::micro>(*cpuClose - *cpuOpen).count() /
                                 static_cast<double>(figures->deliveries);
  }
  row.generatorBusy = figures->generatorCpuSeconds / figures->seconds;
  // The server goes first (SIGKILL), so closing a thousand sockets cannot set off a storm of
  // "has gone away" broadcasts for nobody.
  { RunningServer stopped = std::move(*server); }
  return row;
}

std::string ratio(double a, double b) { return b > 0 ? strCat(fixed(a / b, 2), "×") : "—"; }
std::string verdict(bool met) { return met ? "met" : "MISSED"; }

void report(const Options& options, const Scenario& scenario, const Row (&rows)[kServers],
            bool mainScenario) {
  std::cout << "\n" << options.clients << " members, " << scenario.senders
            << (scenario.senders == 1 ? " sender" : " senders") << ", window " << scenario.window
            << ", " << options.seconds << " s measured after " << options.warmUp << " s:\n";
  Table table({{"server", Table::Align::Left}, {"deliveries/s"}, {"messages/s"}, {"p50 ms"},
               {"p99 ms"}, {"server CPU µs/delivery"}, {"generator busy"}});
  for (Server kind : {Weft, Twisted}) {
    const Row& r = rows[kind];
    if (!r.measured) {
      table.addRow({kServerNames[kind], "—", "—", "—", "—", "—", "—"});
      continue;
    }
    table.addRow({kServerNames[kind], fixed(r.deliveriesPerSecond, 0), fixed(r.messagesPerSecond, 0),
                  fixed(r.latencyUs.median / 1000, 2), fixed(r.latencyUs.p99 / 1000, 2),
                  fixed(r.serverCpuUsPerDelivery, 3), strCat(fixed(r.generatorBusy * 100, 0), " %")});
  }
  table.print(std::cout);
  for (Server kind : {Weft, Twisted}) {
    if (!rows[kind].measured && !rows[kind].problem.empty()) {
      std::cout << "  " << kServerNames[kind] << " not measured: " << rows[kind].problem << "\n";
    }
  }
  const Row& w = rows[Weft];
  const Row& t = rows[Twisted];
  if (w.measured && w.generatorBusy > 0.9) {
    std::cout << "  Note: the load generator was busy " << fixed(w.generatorBusy * 100, 0)
              << " % of the time against weft: weft's figure may be the generator's limit.\n";
  }
  if (w.measured && t.measured) {
    std::cout << "  weft/twisted: deliveries " << ratio(w.deliveriesPerSecond, t.deliveriesPerSecond)
              << ", p99 latency " << ratio(w.latencyUs.p99, t.latencyUs.p99) << ", CPU per delivery "
              << ratio(w.serverCpuUsPerDelivery, t.serverCpuUsPerDelivery) << "\n";
  }
  if (mainScenario) {
    if (w.measured && t.measured) {
      std::cout << "  Goal ≥ " << kGoalThroughput << "× Twisted's deliveries/s: "
                << verdict(w.deliveriesPerSecond >= kGoalThroughput * t.deliveriesPerSecond) << "\n"
                << "  Goal p99 ≤ half of Twisted's: "
                << verdict(w.latencyUs.p99 <= kGoalP99Fraction * t.latencyUs.p99) << "\n";
    }
    if (w.measured) {
      std::cout << "  Goal ≤ " << kGoalCpuUs << " µs of server CPU per delivery: "
                << verdict(w.serverCpuUsPerDelivery <= kGoalCpuUs) << " ("
                << fixed(w.serverCpuUsPerDelivery, 3) << " µs)\n";
    }
  } else if (w.measured && t.measured) {
    std::cout << "  Goal ≥ " << kGoalSingleThroughput << "× Twisted's deliveries/s: "
              << verdict(w.deliveriesPerSecond >= kGoalSingleThroughput * t.deliveriesPerSecond)
              << "\n";
  }
}

int measureIdle(const Options& options) {
  std::cout << "\n" << options.idle << " idle members on weft-chatd (joined, then quiet):\n";
  auto server = startServer(Weft, options, options.cpus[0]);
  if (!server) {
    std::cout << "  not measured: " << server.error().message << "\n";
    return 1;
  }
  const auto before = residentBytes(server->process.pid());
  auto load = ChatLoad::join(server->port, options.idle, kJoinLimit);
  if (!load) {
    std::cout << "  not measured: " << load.error().message << "\n";
    return 1;
  }
  load->drain(500ms);
  const auto after = residentBytes(server->process.pid());
  if (!before || !after) {
    std::cout << "  not measured: " << (before ? after.error() : before.error()).message << "\n";
    return 1;
  }
  const double perMember =
      (static_cast<double>(*after) - static_cast<double>(*before)) / static_cast<double>(options.idle);
  std::cout << "  RSS " << fixed(static_cast<double>(*before) / 1048576.0, 1) << " MiB before, "
            << fixed(static_cast<double>(*after) / 1048576.0, 1) << " MiB with the members: "
            << fixed(perMember, 0) << " bytes per member\n"
            << "  Goal ≤ " << kGoalIdleBytes << " bytes of user-space memory per idle member: "
            << verdict(perMember <= kGoalIdleBytes) << "\n";
  return 0;
}

int runChatFanout(const Options& options) {
  std::cout << "weft-bench chat-fanout: chat fan-out over TCP loopback, telnet lines\n"
            << "  weft:    weft-chatd --rate 0 (ChatRoom + TelnetChatProtocol); " << buildDescription()
            << "\n  twisted: seed 000's chat server on python3-twisted "
               "(tools/bench/twisted_chat_server.py)\n"
            << "  load:    one process, raw sockets + epoll: members c0..c" << options.clients - 1
            << "; senders keep a window of \"m S SEQ NANOS\" lines\n"
            << "           in flight (until their own line comes back); every " << 10
            << "th member times its deliveries.\n"
            << "  CPUs:    servers pinned to " << options.cpus[0] << ", the load generator to "
            << options.cpus[1] << std::endl;
  if (auto pinned = pinToCpu(options.cpus[1]); !pinned) {
    std::cerr << "weft-bench chat-fanout: " << pinned.error().message << '\n';
    return 1;
  }
  if (auto limit = raiseDescriptorLimit(std::max(options.clients, options.idle) + 64); !limit) {
    std::cerr << "weft-bench chat-fanout: " << limit.error().message << '\n';
    return 1;
  }
  const bool want[kServers] = {options.server != "twisted", options.server != "weft"};
  const Scenario scenarios[] = {{options.senders, options.window}, {1, 1}};
  int status = 0;
  for (std::size_t i = 0; i < std::size(scenarios); ++i) {
    Row rows[kServers];
    for (Server kind : {Weft, Twisted}) {
      if (!want[kind]) continue;
      std::cout << "measuring " << kServerNames[kind] << "..." << std::endl;
      rows[kind] = measure(kind, options, scenarios[i]);
      if (!rows[kind].measured) status = 1;
    }
    report(options, scenarios[i], rows, i == 0);
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
      "weft-chatd and through seed 000's chat server on Twisted, in the same run (S senders, "
      "window W; then 1 sender, window 1); then weft-chatd's memory per idle member");
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
  cli->add_option("--cpu", options->cpu,
                  "SERVER,GENERATOR: the CPU the servers are pinned to, and the load generator's")
      ->capture_default_str();
  cli->add_option("--server", options->server, "Which servers to measure")
      ->check(CLI::IsMember({"weft", "twisted", "both"}))
      ->capture_default_str();
  cli->add_option("--python", options->python, "The interpreter with python3-twisted")
      ->capture_default_str();
  cli->parse_complete_callback([options] {
    if (options->senders > options->clients) {
      throw CLI::ValidationError("--senders", "cannot exceed --clients");
    }
    auto cpus = parseCpuList(options->cpu, 2);
    if (!cpus) throw CLI::ValidationError("--cpu", cpus.error().message);
    options->cpus = *cpus;
  });
  return {cli, [options] { return runChatFanout(*options); }};
}

}  // namespace weft::bench
