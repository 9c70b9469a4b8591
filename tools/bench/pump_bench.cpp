// weft-bench pump: ns per idle Reactor::pump with N idle loopback connections and M timers an
// hour away, beside a bare epoll_wait over as many descriptors and Twisted's reactor.iterate(0)
// under the same load (tools/bench/twisted_pump.py), measured in the same run. With --enet-host,
// also the same reactor's pump with one idle ENet host added (issue 3), in every round.
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
// The goals: an idle pump at most this long, the same from 0 to 10,000 connections.
constexpr double kGoalNs = 200;
// Issue 3's goal for the same pump with one idle ENet host added.
constexpr double kEnetGoalNs = 500;
// "Flat": the rows' medians within 10% of the smallest (or 20 ns, whichever is larger, so that
// timer noise on a cheap pump is not read as growth).
constexpr double kFlatRelative = 0.10;
constexpr double kFlatAbsoluteNs = 20;

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

// One round on one row: calibration, the bare epoll_wait, weft's pump, then Twisted's iterate.
// Round 0 warms everything up (caches, the allocator, Python's) and is not recorded.
net::Result<void> measureRound(const Options& options, RowLoad& load, int round,
                               std::vector<double>& samples) {
  const double overhead = clockReadOverhead(options.samples);
  std::size_t taken = timeEachCall(
      samples, [&] { load.busyWaits += load.bare->waitOnce() != 0 ? 1 : 0; },
      BenchClock::now() + kSideLimit);
  if (round > 0) load.row.epoll.add(std::span(samples).first(taken), overhead);
  net::Reactor& reactor = load.weft->reactor();
  taken = timeEachCall(
      samples,
      [&] {
        const net::PumpResult did = reactor.pump(kPumpBudget);
        load.busyPumps += did.socketsServed + did.timersRun != 0 ? 1 : 0;
      },
      BenchClock::now() + kSideLimit);
  if (round > 0) load.row.weft.add(std::span(samples).first(taken), overhead);
  if (options.enetHost) {
    // The same reactor under the same load plus an idle ENet host, opened and closed within the
    // round so that the pair of figures shares the round's machine. The pump after opening
    // takes the one look that any new registration asks for; then the host should cost nothing.
    if (auto opened = load.weft->openEnetHost(); !opened) return opened.error();
    const net::PumpResult settled = reactor.pump(kPumpBudget);
    load.busyPumps += settled.socketsServed + settled.timersRun != 0 ? 1 : 0;
    taken = timeEachCall(
        samples,
        [&] {
          const net::PumpResult did = reactor.pump(kPumpBudget);
          load.busyPumps += did.socketsServed + did.timersRun != 0 ? 1 : 0;
        },
        BenchClock::now() + kSideLimit);
    if (round > 0) load.row.weftEnet.add(std::span(samples).first(taken), overhead);
    load.weft->closeEnetHost();
    reactor.pump(kPumpBudget);  // lets the closed host go
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

std::string range(const std::vector<double>& values, int decimals) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return strCat(fixed(*low, decimals), "–", fixed(*high, decimals));
}

void printReport(const Options& options, const std::vector<Row>& rows) {
  std::vector<Table::Column> columns = {{"connections"},
                                        {"sockets"},
                                        {"weft ns"},
                                        {"min–max"},
                                        {"p99"},
                                        {"epoll_wait"},
                                        {"p99"},
                                        {"Twisted"},
                                        {"p99"},
                                        {"weft−epoll"},
                                        {"weft/epoll"},
                                        {"Twisted/weft"},
                                        {strCat("≤ ", kGoalNs, " ns"), Table::Align::Left}};
  if (options.enetHost) {
    columns.insert(columns.end(), {{"+ENet host"},
                                   {"p99"},
                                   {"ENet added"},
                                   {strCat("≤ ", kEnetGoalNs, " ns"), Table::Align::Left}});
  }
  Table table(std::move(columns));
  std::vector<double> overheads, twistedOverheads;
  std::size_t fewest = options.samples;
  for (const Row& row : rows) {
    const double ours = row.weft.typical(), bare = row.epoll.typical();
    std::string theirs = "—", theirP99 = "—", speedup = "—";
    if (row.twistedMeasured) {
      theirs = fixed(row.twisted.typical(), 0);
      theirP99 = fixed(median(row.twisted.p99s), 0);
      speedup = strCat(fixed(row.twisted.typical() / ours, 2), "×");
      twistedOverheads.insert(twistedOverheads.end(), row.twisted.overheads.begin(),
                              row.twisted.overheads.end());
    }
    overheads.insert(overheads.end(), row.weft.overheads.begin(), row.weft.overheads.end());
    fewest = std::min({fewest, row.weft.fewestSamples, row.epoll.fewestSamples});
    std::vector<std::string> cells = {strCat(row.connections),
                                      strCat(row.sockets),
                                      fixed(ours, 0),
                                      range(row.weft.medians, 0),
                                      fixed(median(row.weft.p99s), 0),
                                      fixed(bare, 0),
                                      fixed(median(row.epoll.p99s), 0),
                                      theirs,
                                      theirP99,
                                      fixed(ours - bare, 0),
                                      strCat(fixed(ours / bare, 2), "×"),
                                      speedup,
                                      ours <= kGoalNs ? "met" : "MISSED"};
    if (options.enetHost) {
      const double withEnet = row.weftEnet.typical();
      cells.insert(cells.end(), {fixed(withEnet, 0), fixed(median(row.weftEnet.p99s), 0),
                                 strCat(withEnet >= ours ? "+" : "", fixed(withEnet - ours, 0)),
                                 withEnet <= kEnetGoalNs ? "met" : "MISSED"});
      fewest = std::min(fewest, row.weftEnet.fewestSamples);
    }
    table.addRow(std::move(cells));
  }
  std::cout << '\n';
  table.print(std::cout);
  std::cout << "\nns per call: median over " << options.rounds << " rounds of each round's "
            << "median of " << options.samples << " calls timed one by one\n"
            << "  (min–max: the rounds' medians; p99: median of the rounds' p99s). A round times "
               "each row's\n  bare epoll_wait, weft, then Twisted, row after row, so all of them "
               "share the machine's load.\n";
  if (fewest < options.samples) {
    std::cout << "  Some rounds stopped at their " << kSideLimit.count() << " s limit after "
              << fewest << " calls.\n";
  }
  std::cout << "  Subtracted from every sample: the clock-read overhead calibrated each round, "
            << range(overheads, 1) << " ns\n  (steady_clock pairs)";
  if (!twistedOverheads.empty()) {
    std::cout << "; " << range(twistedOverheads, 0) << " ns for Twisted (perf_counter_ns pairs)";
  }
  std::cout << ".\nsockets: registered in weft's reactor: the listener and the server end of "
               "each connection\n  (N + 1), plus its wake-up eventfd. The bare epoll set "
               "registers those same descriptors;\n  Twisted's reactor as many of its own.\n";
  if (options.enetHost) {
    std::cout << "+ENet host: weft's pump again with one idle ENet host (listening on "
                 "127.0.0.1:0, no peers) added\n  to the same reactor, opened after the weft "
                 "column's pumps and closed after its own, every round.\n";
  }
  std::cout << '\n';

  const auto pumpGoalMet = std::all_of(rows.begin(), rows.end(),
                                       [](const Row& r) { return r.weft.typical() <= kGoalNs; });
  std::cout << "Goal: an idle pump ≤ " << kGoalNs << " ns: " << (pumpGoalMet ? "met" : "MISSED")
            << " (weft " << fixed(rows.front().weft.typical(), 0) << " ns at "
            << rows.front().connections << " connections;\n  the bare epoll_wait alone "
            << fixed(rows.front().epoll.typical(), 0) << " ns).\n"
            << "  The goal assumed a 150 ns syscall; no pump that calls epoll_wait can meet it "
               "on a machine\n  where that call alone costs more than the goal.\n";
  if (rows.size() > 1) {
    std::vector<double> medians;
    for (const Row& row : rows) medians.push_back(row.weft.typical());
    const auto [low, high] = std::minmax_element(medians.begin(), medians.end());
    const bool flat = *high - *low <= std::max(kFlatRelative * *low, kFlatAbsoluteNs);
    const auto [fewestRow, mostRow] = std::minmax_element(
        rows.begin(), rows.end(),
        [](const Row& a, const Row& b) { return a.connections < b.connections; });
    std::cout << "Goal: flat from " << fewestRow->connections << " to " << mostRow->connections
              << " connections: " << (flat ? "met" : "MISSED") << " (weft medians "
              << fixed(*low, 0) << "–" << fixed(*high, 0) << " ns;\n  flat means all within "
              << kFlatRelative * 100 << "% or " << kFlatAbsoluteNs << " ns of the lowest).\n";
  }
  if (options.enetHost) {
    std::vector<double> withEnet, added;
    for (const Row& row : rows) {
      withEnet.push_back(row.weftEnet.typical());
      added.push_back(row.weftEnet.typical() - row.weft.typical());
    }
    const double worst = *std::max_element(withEnet.begin(), withEnet.end());
    std::cout << "Goal: an idle pump with one idle ENet host added ≤ " << kEnetGoalNs
              << " ns: " << (worst <= kEnetGoalNs ? "met" : "MISSED") << " (weft "
              << range(withEnet, 0) << " ns;\n  the host adds " << range(added, 0)
              << " ns to the same reactor's pump).\n";
  }
}

int runPump(const Options& options) {
  std::cout << "weft-bench pump: one idle Reactor::pump(" << net::toSeconds(kPumpBudget) * 1000
            << " ms budget) with N idle loopback TCP connections\n  and " << options.timers
            << " timers 1 h out; " << options.samples << " pumps per round, " << options.rounds
            << (options.rounds == 1 ? " round" : " rounds") << " after a warm-up\n"
            << "  weft:    poller " << options.poller << "; " << buildDescription() << '\n'
            << "  bare:    epoll_wait(epfd, events, " << IdleEpoll::kMaxEvents
            << ", 0) on a second epoll set holding the reactor's descriptors\n"
            << "  load:    the reactor listens on 127.0.0.1:0 and accepts N connections; their "
               "client ends\n           are plain sockets kept open by a forked holder process "
               "(one descriptor per\n           connection here, so 10,000 fit under a 20,000 "
               "limit)\n";
  if (options.noTwisted) std::cout << "  Twisted: skipped (--no-twisted)\n";
  if (options.enetHost) {
    std::cout << "  ENet:    each row's reactor measured again with one idle ENet host added\n";
  }

  // Every row is open at once: N + 1 sockets each here (the bare epoll sets share them;
  // Twisted's and the holders' are in processes of their own, which inherit the limit), plus a
  // few descriptors per reactor and a margin for the rest.
  std::size_t needed = kDescriptorMargin;
  for (std::size_t connections : options.connections) needed += connections + kDescriptorsPerRow;
  auto limit = raiseDescriptorLimit(needed);
  if (!limit) {
    std::cerr << "weft-bench pump: " << limit.error().message << "; lower --connections\n";
    return 1;
  }
  std::cout << "  descriptors: " << needed << " needed, limit " << *limit << std::endl;

  std::vector<std::unique_ptr<RowLoad>> loads;
  const auto fail = [](std::size_t connections, const net::Error& error) {
    std::cerr << "weft-bench pump: " << connections << " connections: " << error.message << '\n';
    return 1;
  };
  for (std::size_t connections : options.connections) {
    auto load = openRow(options, connections);
    if (!load) return fail(connections, load.error());
    if (loads.empty() && (*load)->twisted) {
      std::cout << "  Twisted: " << (*load)->twisted->message() << '\n';
    }
    std::cout << "  " << connections
              << " connections open; sockets in the reactor: " << (*load)->row.sockets << std::endl;
    loads.push_back(std::move(*load));
  }
  std::cout << "measuring (rows round-robin within each round)..." << std::endl;
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
  printReport(options, rows);
  return 0;
}

}  // namespace

Command pumpCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "pump",
      "ns per idle Reactor::pump with N idle TCP connections and M timers pending, beside a bare "
      "epoll_wait over as many sockets and Twisted's reactor.iterate(0) in the same run");
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
  cli->add_option("--rounds", options->rounds,
                  "Measured rounds after one warm-up round; medians over rounds are reported")
      ->check(CLI::Range(1, kMaxRounds))
      ->capture_default_str();
  cli->add_option("--poller", options->poller, "weft's poller (the bare side is always epoll)")
      ->check(CLI::IsMember({"epoll", "poll"}))
      ->capture_default_str();
  cli->add_flag("--no-twisted", options->noTwisted, "Measure weft and epoll_wait only");
  cli->add_flag("--enet-host", options->enetHost,
                "Measure each row's pump again with one idle ENet host (listening on "
                "127.0.0.1:0, no peers) added to the same reactor");
  cli->add_option("--python", options->python,
                  "Python interpreter that can import Twisted (Debian's python3-twisted)")
      ->capture_default_str();
  return {cli, [options] { return runPump(*options); }};
}

}  // namespace weft::bench
