// weft-bench timers: ns per schedule, cancel and fire for weft's Scheduler with many calls
// pending, beside Twisted's reactor doing the same work (tools/bench/twisted_timers.py); what it
// measures and how to read it: tools/bench/README.md.
// Run: weft-bench timers --pending 100000 [--rounds N] [--seed S] [--no-twisted]

#include <algorithm>
#include <array>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/clock.h"
#include "net/core/logger.h"
#include "net/core/result.h"
#include "net/core/scheduler.h"
#include "net/core/str_cat.h"
#include "tools/bench/command.h"
#include "tools/bench/lockstep_script.h"
#include "tools/bench/options.h"
#include "tools/bench/stats.h"

namespace weft::bench {
namespace {

using net::strCat;

constexpr std::size_t kMinPending = 1'000;
constexpr std::size_t kMaxPending = 200'000;
constexpr int kMaxRounds = 25;
// Twisted spends about 20 µs per call per round here (the three operations and the set-up
// between them), so capping pending x (rounds + 1) keeps the whole run near 30 s at most.
constexpr std::size_t kMaxCallsPerRun = 1'200'000;
// Deadlines are uniform over [0, spread): timeouts, keep-alives and retries a few seconds out.
constexpr net::Duration kDeadlineSpread = std::chrono::seconds(30);

// The operations, in table order; an operation is its index here.
constexpr std::array<std::string_view, 3> kOperations = {"schedule", "cancel", "fire"};
enum Operation : std::size_t { Schedule, Cancel, Fire };

// Nanoseconds per operation, one sample per measured round, indexed by Operation.
using Samples = std::array<std::vector<double>, kOperations.size()>;

struct Options {
  std::size_t pending = 100'000;
  int rounds = 5;
  std::uint64_t seed = 1;
  bool noTwisted = false;
  std::string python = "/usr/bin/python3";
};

// Nanoseconds per call for each operation in one round, indexed by Operation.
using Round = std::array<double, kOperations.size()>;

// The three operations on one long-lived Scheduler, as a game keeps one for its whole run. Each
// covers `pending` calls, so the queue holds up to that many.
class WeftTimers {
 public:
  explicit WeftTimers(const Options& options)
      : n_(options.pending),
        scheduler_(clock_, logger_),
        rng_(options.seed),
        delays_(options.pending) {
    calls_.reserve(n_);
  }

  net::Result<Round> measureRound() {
    // Real but tiny work, through the same type-erased callback every timer uses.
    const auto tick = [this] { ++fired_; };
    Round ns{};
    drawDelays();
    net::TimePoint start = clock_.now();
    for (net::Duration delay : delays_) calls_.push_back(scheduler_.callLater(delay, tick));
    ns[Schedule] = perCall(clock_.now() - start);

    // A shuffled copy, walked in order, as twisted_timers.py does: the cost measured is the
    // scheduler's, not that of finding each handle in a random place.
    std::vector<net::DelayedCall> victims = calls_;
    std::shuffle(victims.begin(), victims.end(), rng_);
    std::size_t refused = 0;
    start = clock_.now();
    for (net::DelayedCall& call : victims) refused += call.cancel().ok() ? 0 : 1;
    ns[Cancel] = perCall(clock_.now() - start);
    calls_.clear();
    if (refused != 0 || scheduler_.pendingCount() != 0) {
      return net::Error{strCat("weft: ", refused, " cancels refused and ",
                               scheduler_.pendingCount(), " calls pending after cancelling all")};
    }

    drawDelays();
    for (net::Duration delay : delays_) calls_.push_back(scheduler_.callLater(delay, tick));
    fired_ = 0;
    const net::TimePoint pastEveryDeadline = clock_.now() + kDeadlineSpread;
    start = clock_.now();
    const std::size_t ran = scheduler_.runDue(pastEveryDeadline);
    ns[Fire] = perCall(clock_.now() - start);
    calls_.clear();
    if (ran != n_ || fired_ != n_) {
      return net::Error{strCat("weft: runDue ran ", ran, " and the callbacks counted ", fired_,
                               " of ", n_, " due calls")};
    }
    return ns;
  }

 private:
  void drawDelays() {
    std::uniform_int_distribution<net::Duration::rep> deadline(0, kDeadlineSpread.count() - 1);
    for (net::Duration& delay : delays_) delay = net::Duration(deadline(rng_));
  }
  double perCall(net::Duration elapsed) const {
    return static_cast<double>(elapsed.count()) / static_cast<double>(n_);
  }

  std::size_t n_;
  net::SteadyClock clock_;
  net::StderrLogger logger_{net::LogLevel::Warning};
  net::Scheduler scheduler_;
  std::mt19937_64 rng_;
  std::vector<net::Duration> delays_;
  std::vector<net::DelayedCall> calls_;
  std::uint64_t fired_ = 0;
};

// One round's "sample <operation> <ns>" records from twisted_timers.py; an error names the
// record that does not fit, so a change on one side cannot be misread on the other.
net::Result<Round> parseTwistedRound(const std::vector<std::string>& records) {
  Round ns{};
  std::array<bool, kOperations.size()> seen{};
  for (const std::string& record : records) {
    std::istringstream fields(record);
    std::string kind, operation;
    double value = 0;
    fields >> kind >> operation >> value;
    const auto op = std::find(kOperations.begin(), kOperations.end(), operation);
    if (kind != "sample" || op == kOperations.end() || !fields || value <= 0) {
      return net::Error{strCat("twisted_timers.py printed a malformed sample: ", record)};
    }
    const auto at = static_cast<std::size_t>(op - kOperations.begin());
    ns[at] = value;
    seen[at] = true;
  }
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
    return net::Error{"twisted_timers.py left out an operation in a round"};
  }
  return ns;
}

void printTable(const Samples& weft, const Samples* twisted) {
  Table table({{"operation", Table::Align::Left}, {"weft ns"}, {"Twisted ns"}, {"Twisted/weft"}});
  for (std::size_t op = 0; op < kOperations.size(); ++op) {
    const double ours = median(weft[op]);
    const double theirs = twisted ? median((*twisted)[op]) : 0;
    table.addRow({std::string(kOperations[op]), fixed(ours, 1),
                  twisted ? fixed(theirs, 1) : kNotMeasured,
                  twisted ? ratio(theirs, ours) : kNotMeasured});
  }
  table.print(std::cout);
}

int runTimers(const Options& options) {
  std::cout << "weft-bench timers: " << options.pending << " calls per operation, deadlines over "
            << net::toSeconds(kDeadlineSpread) << " s, " << counted(options.rounds, "round")
            << ", seed " << options.seed << "; " << buildDescription() << '\n';
  std::optional<LockstepScript> twisted;
  if (!options.noTwisted) {
    twisted.emplace(options.python, WEFT_SOURCE_DIR "/tools/bench/twisted_timers.py",
                    std::vector<std::string>{"--pending", std::to_string(options.pending), "--seed",
                                             std::to_string(options.seed), "--spread",
                                             strCat(net::toSeconds(kDeadlineSpread))});
    const bool ready = twisted->state() == LockstepScript::State::Ready;
    std::cout << "Twisted: " << (ready ? "" : "not measured: ") << twisted->message() << '\n';
  }
  std::cout << std::endl;

  // Round 0 warms both sides up (allocator, heap capacity, page faults) and is not reported.
  WeftTimers weft(options);
  Samples ours, theirs;
  std::string twistedError;
  for (int round = 0; round <= options.rounds; ++round) {
    const net::Result<Round> weftRound = weft.measureRound();
    if (!weftRound) {
      std::cerr << "weft-bench timers: " << weftRound.error().message << '\n';
      return 1;
    }
    std::optional<Round> twistedRound;
    if (twisted && twisted->state() == LockstepScript::State::Ready) {
      if (auto records = twisted->round()) {
        net::Result<Round> parsed = parseTwistedRound(*records);
        if (parsed) {
          twistedRound = *parsed;
        } else {
          twistedError = parsed.error().message;
          twisted->finish();
        }
      }
    }
    if (round == 0) continue;
    for (std::size_t op = 0; op < kOperations.size(); ++op) {
      ours[op].push_back((*weftRound)[op]);
      if (twistedRound) theirs[op].push_back((*twistedRound)[op]);
    }
  }

  if (twisted) twisted->finish();
  if (twisted && twistedError.empty() && twisted->state() == LockstepScript::State::Failed) {
    twistedError = twisted->message();
  }
  const bool compared =
      twisted && twistedError.empty() && twisted->state() == LockstepScript::State::Finished;
  printTable(ours, compared ? &theirs : nullptr);
  if (!twistedError.empty()) {
    std::cerr << "weft-bench timers: Twisted not measured: " << twistedError << '\n';
    return 1;
  }
  return 0;
}

}  // namespace

Command timersCommand(CLI::App& parent) {
  auto options = std::make_shared<Options>();
  CLI::App* cli = parent.add_subcommand(
      "timers",
      "ns per schedule (callLater), cancel and fire for weft's Scheduler with many calls pending, "
      "beside Twisted's reactor doing the same work in the same run");
  cli->footer(
      "A row per operation: the median over rounds of ns per call, weft's and Twisted's, and how "
      "many times faster weft is. A round does each operation once for --pending calls, weft's "
      "then Twisted's. See tools/bench/README.md.");
  cli->add_option("--pending", options->pending,
                  "Calls each operation covers, so the most the queue holds; deadlines are spread "
                  "over 30 s. With Twisted, pending x (rounds + 1) may be at most 1200000")
      ->check(CLI::Range(kMinPending, kMaxPending))
      ->capture_default_str();
  addRoundsOption(*cli, options->rounds, kMaxRounds);
  cli->add_option("--seed", options->seed,
                  "Seed for the deadlines and the cancel order: the same seed, the same workload")
      ->capture_default_str();
  cli->parse_complete_callback([options] {
    const auto calls = options->pending * static_cast<std::size_t>(options->rounds + 1);
    if (!options->noTwisted && calls > kMaxCallsPerRun) {
      throw CLI::ValidationError("--pending x (--rounds + 1)",
                                 strCat(options->pending, " x ", options->rounds + 1, " = ", calls,
                                        " exceeds ", kMaxCallsPerRun,
                                        " (a run with Twisted near 30 s); lower one, or pass "
                                        "--no-twisted"));
    }
  });
  cli->add_flag("--no-twisted", options->noTwisted, "Measure weft only; skip Twisted");
  addPythonOption(*cli, options->python);
  return {cli, [options] { return runTimers(*options); }};
}

}  // namespace weft::bench
