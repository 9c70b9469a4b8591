// weft-bench pump: ns per idle Reactor::pump with N idle loopback connections and M timers an
// hour away, beside a bare epoll_wait over as many descriptors and Twisted's reactor.iterate(0)
// under the same load (tools/bench/twisted_pump.py), measured in the same run; with --enet-host,
// also the same reactor's pump with one idle ENet host added. How to read it:
// tools/bench/README.md.
// Run: weft-bench pump --connections 0,1000,10000 --timers 1000 [--samples N] [--poller P]
//      [--enet-host]

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "net/core/str_cat.h"
#include "tools/bench/call_timer.h"
#include "tools/bench/command.h"
#include "tools/bench/descriptor_limit.h"
#include "tools/bench/idle_epoll.h"
#include "tools/bench/idle_reactor.h"
#include "tools/bench/lockstep_script.h"
#include "tools/bench/options.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;

constexpr std::size_t kMaxConnections = 20'000;
constexpr std::size_t kMaxTimers = 200'000;
constexpr std::size_t kMinSamples = 1'000;
constexpr std::size_t kMaxSamples = 200'000;
constexpr int kMaxRounds = 25;
// Time limit per side and round: --poller poll over 10,000 sockets takes ~1 ms a pump.
constexpr auto kSideLimit = std::chrono::seconds(2);
// Descriptors beyond the connections: per row the listener, the reactor's epoll and eventfd,
// the bare epoll set, the holder's socket and the pipes to Twisted; once, stdio and the like.
constexpr std::size_t kDescriptorsPerRow = 16;
constexpr std::size_t kDescriptorMargin = 64;
// What a game passes: a slice of its frame. Finite, so pump reads the clock to check it.
constexpr net::Duration kPumpBudget = std::chrono::milliseconds(1);

struct Options {
  std::vector<std::size_t> connections = {1000};
  std::size_t timers = 1000;
  std::size_t samples = 20'000;
  int rounds = 5;
  std::string poller = "epoll";
  bool noTwisted = false;
  bool enetHost = false;
  std::string python = "/usr/bin/python3";
};

// One side's per-round figures, in ns with the clock-read overhead taken out.
struct Side {
  std::vector<double> medians;
  std::vector<double> p99s;
  std::vector<double> overheads;
  std::size_t fewestSamples = SIZE_MAX;  // less than --samples if a round hit kSideLimit

  void add(std::span<double> samples, double overhead) {
    subtractOverhead(samples, overhead);
    const Summary s = summarize(samples);
    medians.push_back(s.median);
    p99s.push_back(s.p99);
    overheads.push_back(overhead);
    fewestSamples = std::min(fewestSamples, samples.size());
  }
  double typical() const { return median(medians); }
};

struct Row {
  std::size_t connections = 0;
  std::size_t sockets = 0;  // registered in the reactor for the load; its wake-up not counted
  Side weft, epoll, twisted;
  Side weftEnet;  // --enet-host: weft's reactor again, with one idle ENet host added
  bool twistedMeasured = false;
};

// One round's "calibration ..." and "iterate ..." records from twisted_pump.py, as raw samples.
net::Result<std::pair<std::vector<double>, std::vector<double>>> parseTwistedRound(
    const std::vector<std::string>& records, std::size_t samples) {
  std::vector<double> calibration, iterations;
  for (const std::string& record : records) {
    std::istringstream fields(record);
    std::string kind;
    fields >> kind;
    std::vector<double>* into = kind == "calibration" ? &calibration
                                : kind == "iterate"   ? &iterations
                                                      : nullptr;
    if (!into) return net::Error{strCat("twisted_pump.py printed an unknown record: ", kind)};
    for (double value; fields >> value;) into->push_back(value);
  }
  if (calibration.size() != samples || iterations.size() != samples) {
    return net::Error{strCat("twisted_pump.py sent ", calibration.size(), " calibration and ",
                             iterations.size(), " iterate samples, expected ", samples, " each")};
  }
  return std::pair{std::move(calibration), std::move(iterations)};
}

// One row's three loads, open together with every other row's, so that the rows can be
// measured round-robin and a machine that slows down midway slows every row alike.
struct RowLoad {
  Row row;
  std::unique_ptr<IdleReactor> weft;
  std::unique_ptr<IdleEpoll> bare;
  std::optional<LockstepScript> twisted;
  std::size_t busyPumps = 0, busyWaits = 0;
};

net::Result<std::unique_ptr<RowLoad>> openRow(const Options& options, std::size_t connections) {
  auto load = std::make_unique<RowLoad>();
  load->row.connections = connections;
  IdleLoadConfig config;
  config.connections = connections;
  config.timers = options.timers;
  config.poller = options.poller == "poll" ? net::PollerKind::Poll : net::PollerKind::Epoll;
  // What the reactor opened is what the bare epoll set watches: the descriptors new since.
  const std::vector<int> before = openDescriptors();
  auto weft = IdleReactor::open(config);
  if (!weft) return weft.error();
  load->weft = std::move(*weft);
  load->row.sockets = load->weft->sockets();
  const std::vector<int> after = openDescriptors();
  std::vector<int> added;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  auto bare = IdleEpoll::watchSame(added);
  if (!bare) return bare.error();
  load->bare = std::move(*bare);
  if (load->bare->registrations() != load->row.sockets + 1) {  // + weft's wake-up eventfd
    return net::Error{strCat("the bare epoll set found ", load->bare->registrations(),
                             " of weft's sockets and eventfds, expected ", load->row.sockets + 1)};
  }
  if (!options.noTwisted) {
    load->twisted.emplace(
        options.python, WEFT_SOURCE_DIR "/tools/bench/twisted_pump.py",
        std::vector<std::string>{"--connections", strCat(connections), "--timers",
                                 strCat(options.timers), "--samples", strCat(options.samples)});
    if (load->twisted->state() != LockstepScript::State::Ready) {
      return net::Error{strCat("Twisted not measured: ", load->twisted->message())};
    }
    load->row.twistedMeasured = true;
  }
  return load;
}

// Times `samples.size()` idle pumps of `load`'s reactor (fewer at kSideLimit) into `into`,
// counting any pump that found work.
void timePumps(RowLoad& load, std::vector<double>& samples, double overhead, bool record,
               Side& into) {
  net::Reactor& reactor = load.weft->reactor();
  const std::size_t taken = timeEachCall(
      samples,
      [&] {
        const net::PumpResult did = reactor.pump(kPumpBudget);
        load.busyPumps += did.socketsServed + did.timersRun != 0 ? 1 : 0;
      },
      BenchClock::now() + kSideLimit);
  if (record) into.add(std::span(samples).first(taken), overhead);
}

// One round on one row: calibration, the bare epoll_wait, weft's pump, then Twisted's iterate.
// Round 0 warms everything up (caches, the allocator, Python's) and is not recorded.
net::Result<void> measureRound(const Options& options, RowLoad& load, int round,
                               std::vector<double>& samples) {
  const double overhead = clockReadOverhead(options.samples);
  const std::size_t taken = timeEachCall(
      samples, [&] { load.busyWaits += load.bare->waitOnce() != 0 ? 1 : 0; },
      BenchClock::now() + kSideLimit);
  if (round > 0) load.row.epoll.add(std::span(samples).first(taken), overhead);
  timePumps(load, samples, overhead, round > 0, load.row.weft);
  if (options.enetHost) {
    // The same reactor under the same load plus an idle ENet host, opened and closed within the
    // round so that the pair of figures shares the round's machine. The pump after opening
    // takes the one look that any new registration asks for; then the host should cost nothing.
    if (auto opened = load.weft->openEnetHost(); !opened) return opened.error();
    const net::PumpResult settled = load.weft->reactor().pump(kPumpBudget);
    load.busyPumps += settled.socketsServed + settled.timersRun != 0 ? 1 : 0;
    timePumps(load, samples, overhead, round > 0, load.row.weftEnet);
    load.weft->closeEnetHost();
    load.weft->reactor().pump(kPumpBudget);  // lets the closed host go
  }
  if (load.twisted) {
    auto records = load.twisted->round();
    if (!records) return net::Error{strCat("Twisted not measured: ", load.twisted->message())};
    auto parsed = parseTwistedRound(*records, options.samples);
    if (!parsed) return parsed.error();
    if (round > 0) load.row.twisted.add(parsed->second, median(parsed->first));
  }
  return {};
}

// Checks that the row stayed idle throughout and lets its Twisted script finish.
net::Result<void> closeRow(RowLoad& load) {
  if (load.busyPumps != 0 || load.busyWaits != 0 || load.weft->lost() != 0) {
    return net::Error{strCat("the load was not idle: ", load.busyPumps, " weft pumps did work, ",
                             load.busyWaits, " bare waits returned events, ", load.weft->lost(),
                             " connections closed")};
  }
  if (load.twisted && load.twisted->finish() != LockstepScript::State::Finished) {
    return net::Error{strCat("Twisted not measured: ", load.twisted->message())};
  }
  return {};
}

void printTable(const Options& options, const std::vector<Row>& rows) {
  std::vector<Table::Column> columns = {
      {"connections"}, {"sockets"},    {"weft ns"},    {"p99"}, {"epoll_wait ns"},
      {"p99"},         {"weft/epoll"}, {"Twisted ns"}, {"p99"}, {"Twisted/weft"}};
  if (options.enetHost) {
    columns.insert(columns.end(), {{"+ENet host ns"}, {"p99"}, {"ENet adds ns"}});
  }
  Table table(std::move(columns));
  std::vector<double> overheads, twistedOverheads;
  std::size_t fewest = options.samples;
  for (const Row& row : rows) {
    const double ours = row.weft.typical(), theirs = row.twisted.typical();
    const auto p99 = [](const Side& side) { return fixed(median(side.p99s), 0); };
    std::vector<std::string> cells = {strCat(row.connections),
                                      strCat(row.sockets),
                                      fixed(ours, 0),
                                      p99(row.weft),
                                      fixed(row.epoll.typical(), 0),
                                      p99(row.epoll),
                                      ratio(ours, row.epoll.typical()),
                                      row.twistedMeasured ? fixed(theirs, 0) : kNotMeasured,
                                      row.twistedMeasured ? p99(row.twisted) : kNotMeasured,
                                      row.twistedMeasured ? ratio(theirs, ours) : kNotMeasured};
    if (options.enetHost) {
      const double withEnet = row.weftEnet.typical();
      cells.insert(cells.end(),
                   {fixed(withEnet, 0), p99(row.weftEnet), signedFixed(withEnet - ours, 0)});
      fewest = std::min(fewest, row.weftEnet.fewestSamples);
    }
    table.addRow(std::move(cells));
    overheads.insert(overheads.end(), row.weft.overheads.begin(), row.weft.overheads.end());
    twistedOverheads.insert(twistedOverheads.end(), row.twisted.overheads.begin(),
                            row.twisted.overheads.end());
    fewest = std::min({fewest, row.weft.fewestSamples, row.epoll.fewestSamples});
  }
  table.print(std::cout);
  std::cout << "\nclock reads subtracted: " << range(overheads, 1) << " ns (weft, epoll_wait)";
  if (!twistedOverheads.empty()) std::cout << ", " << range(twistedOverheads, 0) << " ns (Twisted)";
  std::cout << '\n';
  if (fewest < options.samples) {
    std::cout << "some rounds stopped at their " << kSideLimit.count() << " s limit after "
              << fewest << " pumps\n";
  }
}

int runPump(const Options& options) {
  std::cout << "weft-bench pump: idle Reactor::pump(" << net::toSeconds(kPumpBudget) * 1000
            << " ms budget), " << options.timers << " timers 1 h out, " << options.samples
            << " pumps × " << counted(options.rounds, "round") << ", poller " << options.poller
            << "; " << buildDescription() << '\n';

  // Every row is open at once: N + 1 sockets each here (the bare epoll sets share them;
  // Twisted's and the holders' are in processes of their own, which inherit the limit), plus a
  // few descriptors per reactor and a margin for the rest.
  std::size_t needed = kDescriptorMargin;
  for (std::size_t connections : options.connections) needed += connections + kDescriptorsPerRow;
  if (auto limit = raiseDescriptorLimit(needed); !limit) {
    std::cerr << "weft-bench pump: " << limit.error().message << "; lower --connections\n";
    return 1;
  }
  std::vector<std::unique_ptr<RowLoad>> loads;
  const auto fail = [](std::size_t connections, const net::Error& error) {
    std::cerr << "weft-bench pump: " << connections << " connections: " << error.message << '\n';
    return 1;
  };
  for (std::size_t connections : options.connections) {
    auto load = openRow(options, connections);
    if (!load) return fail(connections, load.error());
    if (loads.empty() && (*load)->twisted) {
      std::cout << "Twisted: " << (*load)->twisted->message() << '\n';
    }
    loads.push_back(std::move(*load));
  }
  std::cout << std::endl;
  std::vector<double> samples(options.samples);
  for (int round = 0; round <= options.rounds; ++round) {
    for (auto& load : loads) {
      if (auto measured = measureRound(options, *load, round, samples); !measured) {
        return fail(load->row.connections, measured.error());
      }
    }
  }
  std::vector<Row> rows;
  for (auto& load : loads) {
    if (auto closed = closeRow(*load); !closed) return fail(load->row.connections, closed.error());
    rows.push_back(std::move(load->row));
  }
  printTable(options, rows);
  return 0;
}

}  // namespace

Command pumpCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "pump",
      "ns per idle Reactor::pump with N idle TCP connections and M timers pending, beside a bare "
      "epoll_wait over as many sockets and Twisted's reactor.iterate(0) in the same run");
  cli->footer(
      "A row per --connections value: the median over rounds of each round's median ns per call "
      "(clock reads subtracted) and p99, for weft, the bare epoll_wait and Twisted; sockets are "
      "those in weft's reactor. --enet-host adds the pump with one idle ENet host. See "
      "tools/bench/README.md.");
  cli->add_option("--connections", options->connections,
                  "Idle loopback TCP connections, both ends in the reactor; a comma-separated "
                  "list gives one row each (e.g. 0,1000,10000)")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{0}, kMaxConnections))
      ->capture_default_str();
  cli->add_option("--timers", options->timers, "callLater calls pending, all 1 h away")
      ->check(CLI::Range(std::size_t{0}, kMaxTimers))
      ->capture_default_str();
  cli->add_option("--samples", options->samples, "Pumps timed one by one per round and side")
      ->check(CLI::Range(kMinSamples, kMaxSamples))
      ->capture_default_str();
  addRoundsOption(*cli, options->rounds, kMaxRounds);
  cli->add_option("--poller", options->poller, "weft's poller (the bare side is always epoll)")
      ->check(CLI::IsMember({"epoll", "poll"}))
      ->capture_default_str();
  cli->add_flag("--no-twisted", options->noTwisted, "Measure weft and epoll_wait only");
  cli->add_flag("--enet-host", options->enetHost,
                "Measure each row's pump again with one idle ENet host (listening on "
                "127.0.0.1:0, no peers) added to the same reactor");
  addPythonOption(*cli, options->python);
  return {cli, [options] { return runPump(*options); }};
}

}  // namespace weft::bench
