// weft-bench timers: ns per schedule, cancel and fire for weft's Scheduler with many calls
// pending, beside Twisted's reactor doing the same work (tools/bench/twisted_timers.py).
// Run: weft-bench timers --pending 100000 [--rounds N] [--seed S] [--no-twisted]

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/clock.h"
#include "net/core/logger.h"
#include "net/core/result.h"
#include "net/core/scheduler.h"
#include "net/core/str_cat.h"
#include "tools/bench/command.h"
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
constexpr double kGoalSpeedup = 25;  // the goal: at least 25x Twisted on each operation
constexpr int kExitTwistedUnavailable = 3;  // twisted_timers.py: Twisted cannot be imported

enum class Operation { Schedule, Cancel, Fire };
constexpr std::array kOperations = {Operation::Schedule, Operation::Cancel, Operation::Fire};

std::string_view name(Operation operation) {
  switch (operation) {
    case Operation::Schedule:
      return "schedule";
    case Operation::Cancel:
      return "cancel";
    case Operation::Fire:
      return "fire";
  }
  return "?";
}

constexpr std::size_t index(Operation operation) {
  return static_cast<std::size_t>(operation);
}

// Nanoseconds per operation, one sample per measured round, indexed by Operation.
using Samples = std::array<std::vector<double>, kOperations.size()>;

struct Options {
  std::size_t pending = 100'000;
  int rounds = 5;
  std::uint64_t seed = 1;
  bool noTwisted = false;
  std::string python = "/usr/bin/python3";
};

// Times the three operations on one long-lived Scheduler, as a game keeps one for its whole
// run; each operation covers `pending` calls, so the queue holds up to that many. Round 0 warms
// up (slot and heap capacity, page faults) and is not reported; twisted_timers.py does the same.
net::Result<Samples> measureWeft(const Options& options) {
  const std::size_t n = options.pending;
  net::SteadyClock clock;
  net::StderrLogger logger(net::LogLevel::Warning);
  net::Scheduler scheduler(clock, logger);
  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<net::Duration::rep> deadline(0, kDeadlineSpread.count() - 1);

  std::vector<net::Duration> delays(n);
  std::vector<net::DelayedCall> calls;
  calls.reserve(n);
  std::uint64_t fired = 0;
  // Real but tiny work, through the same type-erased callback every timer uses.
  const auto tick = [&fired] { ++fired; };
  const auto drawDelays = [&] {
    for (net::Duration& delay : delays) delay = net::Duration(deadline(rng));
  };
  const auto nsPerCall = [n](net::Duration elapsed) {
    return static_cast<double>(elapsed.count()) / static_cast<double>(n);
  };

  Samples samples;
  for (int round = 0; round <= options.rounds; ++round) {
    std::array<double, kOperations.size()> ns{};

    drawDelays();
    net::TimePoint start = clock.now();
    for (net::Duration delay : delays) calls.push_back(scheduler.callLater(delay, tick));
    ns[index(Operation::Schedule)] = nsPerCall(clock.now() - start);

    // A shuffled copy, walked in order, as twisted_timers.py does: the cost measured is the
    // scheduler's, not that of finding each handle in a random place.
    std::vector<net::DelayedCall> victims = calls;
    std::shuffle(victims.begin(), victims.end(), rng);
    std::size_t refused = 0;
    start = clock.now();
    for (net::DelayedCall& call : victims) refused += call.cancel().ok() ? 0 : 1;
    ns[index(Operation::Cancel)] = nsPerCall(clock.now() - start);
    if (refused != 0 || scheduler.pendingCount() != 0) {
      return net::Error{strCat("weft: ", refused, " cancels refused and ", scheduler.pendingCount(),
                               " calls still pending after cancelling all")};
    }
    calls.clear();

    drawDelays();
    for (net::Duration delay : delays) calls.push_back(scheduler.callLater(delay, tick));
    fired = 0;
    const net::TimePoint pastEveryDeadline = clock.now() + kDeadlineSpread;
    start = clock.now();
    const std::size_t ran = scheduler.runDue(pastEveryDeadline);
    ns[index(Operation::Fire)] = nsPerCall(clock.now() - start);
    if (ran != n || fired != n) {
      return net::Error{strCat("weft: runDue ran ", ran, " and the callbacks counted ", fired,
                               " of ", n, " due calls")};
    }
    calls.clear();

    if (round == 0) continue;
    for (Operation op : kOperations) samples[index(op)].push_back(ns[index(op)]);
  }
  return samples;
}

struct TwistedFigures {
  enum class Status { Measured, Unavailable, Failed };
  Status status = Status::Failed;
  std::string text;  // what was measured, or why nothing was
  Samples samples;
};

std::string shellQuote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Parses twisted_timers.py's records (see its docstring) into `figures`; false on a line that
// is not one of them, so a change on one side cannot be misread silently on the other.
bool parseTwistedOutput(std::string_view output, TwistedFigures& figures) {
  while (!output.empty()) {
    const std::size_t eol = output.find('\n');
    std::string_view line = output.substr(0, eol);
    output = eol == std::string_view::npos ? std::string_view{} : output.substr(eol + 1);
    const std::size_t space = line.find(' ');
    const std::string_view kind = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? "" : line.substr(space + 1);
    if (kind == "info" || kind == "unavailable") {
      figures.text = std::string(rest);
      continue;
    }
    if (kind != "sample") {
      figures.text = strCat("twisted_timers.py printed an unexpected line: ", line);
      return false;
    }
    const std::size_t split = rest.find(' ');
    const std::string_view operation = rest.substr(0, split);
    const std::string_view number = split == std::string_view::npos ? "" : rest.substr(split + 1);
    const auto op = std::find_if(kOperations.begin(), kOperations.end(),
                                 [&](Operation o) { return name(o) == operation; });
    double value = 0;
    const auto parsed = std::from_chars(number.data(), number.data() + number.size(), value);
    if (op == kOperations.end() || parsed.ec != std::errc{} || value <= 0) {
      figures.text = strCat("twisted_timers.py printed a malformed sample: ", line);
      return false;
    }
    figures.samples[index(*op)].push_back(value);
  }
  return true;
}

// Runs twisted_timers.py with the same workload and reads its samples. Its stderr goes straight
// to ours, so a Python traceback is shown as it is.
TwistedFigures measureTwisted(const Options& options) {
  using Status = TwistedFigures::Status;
  const std::string script = WEFT_SOURCE_DIR "/tools/bench/twisted_timers.py";
  if (::access(script.c_str(), R_OK) != 0) {
    return {Status::Failed,
            strCat(script, " is missing; run weft-bench from its build tree or pass --no-twisted"),
            {}};
  }
  const std::string command =
      strCat(shellQuote(options.python), ' ', shellQuote(script), " --pending ", options.pending,
             " --rounds ", options.rounds, " --seed ", options.seed, " --spread ",
             net::toSeconds(kDeadlineSpread));
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {Status::Failed, strCat("cannot start ", options.python), {}};
  std::string output;
  char buffer[4096];
  while (const std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe)) {
    output.append(buffer, got);
  }
  const int status = ::pclose(pipe);

  TwistedFigures figures;
  const bool wellFormed = parseTwistedOutput(output, figures);
  const int exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (exitCode == kExitTwistedUnavailable) {
    figures.status = Status::Unavailable;
  } else if (exitCode == 126 || exitCode == 127) {  // the shell could not run the interpreter
    figures.status = Status::Unavailable;
    figures.text = strCat(options.python, " cannot be run (pass --python or --no-twisted)");
  } else if (exitCode != 0) {
    figures.text = strCat("twisted_timers.py failed (",
                          WIFSIGNALED(status) ? strCat("signal ", WTERMSIG(status))
                                              : strCat("exit status ", exitCode),
                          "); its error is above");
  } else if (wellFormed) {
    const auto complete = [&](const std::vector<double>& s) {
      return s.size() == static_cast<std::size_t>(options.rounds);
    };
    if (std::all_of(figures.samples.begin(), figures.samples.end(), complete)) {
      figures.status = Status::Measured;
    } else {
      figures.text = "twisted_timers.py did not print a sample per operation per round";
    }
  }
  return figures;
}

// Median and min–max per operation: the range shows how much the machine disturbed the rounds,
// which matters on a shared or virtual machine where the median alone can mislead.
void printReport(const Options& options, const Samples& weft, const TwistedFigures* twisted) {
  const bool compared = twisted && twisted->status == TwistedFigures::Status::Measured;
  Table table({{"operation", Table::Align::Left},
               {"weft ns/op"},
               {"min–max"},
               {"Twisted ns/op"},
               {"min–max"},
               {"speed-up"},
               {strCat("goal ≥ ", kGoalSpeedup, "×"), Table::Align::Left}});
  const auto range = [](const Summary& s) { return strCat(fixed(s.min, 1), "–", fixed(s.max, 1)); };
  for (Operation op : kOperations) {
    const Summary ours = summarize(weft[index(op)]);
    std::string theirs = "—", theirRange = "—", speedup = "—", verdict = "—";
    if (compared) {
      const Summary reference = summarize(twisted->samples[index(op)]);
      const double ratio = reference.median / ours.median;
      theirs = fixed(reference.median, 1);
      theirRange = range(reference);
      speedup = strCat(fixed(ratio, 1), "×");
      verdict = ratio >= kGoalSpeedup ? "met" : "MISSED";
    }
    table.addRow({std::string(name(op)), fixed(ours.median, 1), range(ours), theirs, theirRange,
                  speedup, verdict});
  }
  std::cout << '\n';
  table.print(std::cout);
  std::cout << "\nns/op: median of " << options.rounds
            << (options.rounds == 1 ? " round" : " rounds") << " after a warm-up, each round "
            << options.pending << " calls per operation.\n"
            << "speed-up: Twisted median / weft median.\n";
}

int runTimers(const Options& options) {
  std::cout << "weft-bench timers: " << options.pending << " calls per operation, deadlines "
            << "uniform over " << net::toSeconds(kDeadlineSpread) << " s, " << options.rounds
            << (options.rounds == 1 ? " round" : " rounds") << ", seed " << options.seed << '\n'
            << "  weft:    Scheduler + SteadyClock; " << buildDescription() << std::endl;

  const net::Result<Samples> weft = measureWeft(options);
  if (!weft) {
    std::cerr << "weft-bench timers: " << weft.error().message << '\n';
    return 1;
  }

  std::optional<TwistedFigures> twisted;
  if (options.noTwisted) {
    std::cout << "  Twisted: skipped (--no-twisted)\n";
  } else {
    std::cout << "  Twisted: measuring the same workload with " << options.python << "..."
              << std::endl;
    twisted = measureTwisted(options);
    const char* label = twisted->status == TwistedFigures::Status::Measured ? "" : "not measured: ";
    std::cout << "  Twisted: " << label << twisted->text << '\n';
  }

  printReport(options, *weft, twisted ? &*twisted : nullptr);
  if (twisted && twisted->status == TwistedFigures::Status::Failed) {
    std::cerr << "weft-bench timers: " << twisted->text << '\n';
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
  cli->add_option("--pending", options->pending,
                  "Calls each operation covers, so the most the queue holds; deadlines are spread "
                  "over 30 s")
      ->check(CLI::Range(kMinPending, kMaxPending))
      ->capture_default_str();
  cli->add_option(
         "--rounds", options->rounds,
         "Measured rounds after one warm-up round; the median is reported. pending x (rounds + 1) "
         "may be at most 1200000")
      ->check(CLI::Range(1, kMaxRounds))
      ->capture_default_str();
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
  cli->add_option("--python", options->python,
                  "Python interpreter that can import Twisted (Debian's python3-twisted)")
      ->capture_default_str();
  return {cli, [options] { return runTimers(*options); }};
}

}  // namespace weft::bench
