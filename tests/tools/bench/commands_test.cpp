// weft-bench's subcommands other than the ENet ones run end to end as processes with tiny
// bounded settings: each exits 0 and prints a table with a row per thing measured, weft's figure
// in it and the peer's beside it (Twisted, which tools/dev installs), and no verdicts. The
// figures themselves are not judged (a loaded or sanitized machine).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/tools/bench/bench_run.h"

using namespace weft::test;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// No goal verdicts: those are in tools/bench/README.md, not in the program's output.
void checkNoVerdicts(const BenchRun& run) {
  CHECK_FALSE(contains(run.out, "MISSED"));
  CHECK_FALSE(contains(run.out, "Goal"));
}

}  // namespace

TEST_CASE("timers prints a row per operation, weft beside Twisted and the speed-up") {
  const BenchRun run = runBench({"timers", "--pending", "1000", "--rounds", "1"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.header ==
        std::vector<std::string>{"operation", "weft ns", "Twisted ns", "Twisted/weft"});
  for (const char* operation : {"schedule", "cancel", "fire"}) {
    CHECK(table.number(operation, "weft ns") > 0);
    CHECK(table.number(operation, "Twisted ns") > 0);
    CHECK(table.cell(operation, "Twisted/weft").value().ends_with("×"));
  }
  checkNoVerdicts(run);
}

TEST_CASE("timers --no-twisted leaves the peer's cells unmeasured") {
  const BenchRun run = runBench({"timers", "--pending", "1000", "--rounds", "1", "--no-twisted"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.number("fire", "weft ns") > 0);
  CHECK(table.cell("fire", "Twisted ns") == "—");
  CHECK(table.cell("fire", "Twisted/weft") == "—");
}

TEST_CASE("pump prints a row per connection count, beside epoll_wait and Twisted") {
  const BenchRun run = runBench(
      {"pump", "--connections", "0,10", "--timers", "10", "--samples", "1000", "--rounds", "1"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.cell("0", "sockets") == "1");
  CHECK(table.cell("10", "sockets") == "11");  // the listener and the server ends
  for (const char* row : {"0", "10"}) {
    table.number(row, "weft ns");
    CHECK(table.number(row, "epoll_wait ns") > 0);
    CHECK(table.number(row, "Twisted ns") > 0);
    CHECK(table.cell(row, "Twisted/weft").value().ends_with("×"));
  }
  CHECK(contains(run.out, "clock reads subtracted: "));
  checkNoVerdicts(run);
}

TEST_CASE("echo-rtt prints p50 and p99 round trips of weft beside the raw server") {
  const BenchRun run = runBench({"echo-rtt", "--messages", "100", "--rounds", "1"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.header == std::vector<std::string>{"round trip", "weft µs", "raw µs", "weft − raw",
                                                 "rounds min–max"});
  for (const char* row : {"p50", "p99"}) {
    CHECK(table.number(row, "weft µs") > 0);
    CHECK(table.number(row, "raw µs") > 0);
    CHECK(table.cell(row, "weft − raw").value().find_first_of("+-") == 0);
  }
  checkNoVerdicts(run);
}

TEST_CASE("chat-fanout prints each scenario with weft-chatd beside Twisted, then idle memory") {
  const BenchRun run = runBench({"chat-fanout", "--clients", "20", "--senders", "2", "--window",
                                 "2", "--seconds", "0.5", "--warm-up", "0", "--idle", "50"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const std::vector<BenchTable> tables = tablesIn(run.out);
  REQUIRE_MESSAGE(tables.size() == 3, run.out);
  CHECK(contains(run.out, "20 members, 2 senders, window 2\n"));
  CHECK(contains(run.out, "20 members, 1 sender, window 1\n"));
  for (std::size_t scenario = 0; scenario < 2; ++scenario) {
    const BenchTable& table = tables[scenario];
    CHECK(table.number("deliveries/s", "weft") > 0);
    CHECK(table.number("deliveries/s", "Twisted") > 0);
    CHECK(table.cell("deliveries/s", "weft/Twisted").value().ends_with("×"));
    CHECK(table.number("p99 ms", "weft") > 0);
    CHECK(table.number("server CPU µs/delivery", "Twisted") > 0);
  }
  tables[2].number("bytes per member", "weft");
  checkNoVerdicts(run);
}

#ifdef WEFT_BENCH_ENGINE
TEST_CASE("frame-flood prints per-frame times and the run's rates") {
  const BenchRun run = runBench({"frame-flood", "--frames", "30", "--rate", "10000"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const std::vector<BenchTable> tables = tablesIn(run.out);
  REQUIRE_MESSAGE(tables.size() == 2, run.out);
  CHECK(tables[0].number("frame time", "p50 ms") > 0);
  tables[0].number("pump (main)", "max ms");
  CHECK(tables[1].number("lines received", "value") > 0);
  CHECK(tables[1].number("frames with pump > budget + 0.5 ms", "value") >= 0);
  checkNoVerdicts(run);
}
#endif

TEST_CASE("arena-codec prints snapshot bytes beside the naive encoding's, then input bytes") {
  const BenchRun run =
      runBench({"arena-codec", "--players", "2,4", "--seconds", "2", "--inputs", "1,3"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const std::vector<BenchTable> tables = tablesIn(run.out);
  REQUIRE_MESSAGE(tables.size() == 2, run.out);
  for (const char* match : {"2 players 25 Hz", "2 players 50 Hz", "4 players 25 Hz"}) {
    CAPTURE(match);
    const double mean = tables[0].number(match, "mean B");
    CHECK(mean > 0);
    CHECK(tables[0].number(match, "naive mean B") > mean);
    CHECK(tables[0].number(match, "p99 B") >= mean * 0.5);
  }
  CHECK(tables[0].number("4 players 50 Hz", "B/s per client") > 0);
  CHECK(tables[1].number("4 players 3 inputs", "mean B") >
        tables[1].number("4 players 1 input", "mean B"));
  checkNoVerdicts(run);
}

TEST_CASE("every subcommand's help points to the README that explains its table") {
  for (const char* subcommand :
       {"timers", "pump", "echo-rtt", "enet-echo", "enet-peers", "chat-fanout", "arena-codec"}) {
    const BenchRun run = runBench({subcommand, "--help"});
    CHECK(run.status == 0);
    CHECK_MESSAGE(contains(run.out, "tools/bench/README.md"), subcommand);
  }
}

TEST_CASE("the shared options are checked before anything runs, naming the option") {
  std::vector<std::string> args;
  std::string says;
  SUBCASE("one CPU twice") {
    args = {"echo-rtt", "--cpu", "0,0"};
    says = "CPU 0 is named twice";
  }
  SUBCASE("a CPU that is not a number") {
    args = {"chat-fanout", "--cpu", "0,x"};
    says = "'x' is not a CPU number";
  }
  SUBCASE("no rounds") {
    args = {"timers", "--rounds", "0"};
    says = "not in range";
  }
  const BenchRun run = runBench(args);
  CHECK(run.status != 0);
  CHECK(contains(run.err, args[1]));
  CHECK_MESSAGE(contains(run.err, says), run.err);
  CHECK(run.out.empty());
}

TEST_CASE("an unknown subcommand is named") {
  const BenchRun run = runBench({"nosuch"});
  CHECK(run.status != 0);
  CHECK(contains(run.err, "unknown subcommand 'nosuch'"));
}
