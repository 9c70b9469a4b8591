// The ENet benchmarks run end to end as `weft-bench` processes with tiny bounded settings: each
// exits 0 and prints its table, with a row per server whose figures show traffic flowed, and
// its goal lines. The figures themselves are not judged (a loaded or sanitized machine).
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/programs.h"

namespace {

using weft::testing::binPath;
using weft::tools::Subprocess;

// Generous: a passing run takes a few seconds, a sanitized one on a busy machine more.
constexpr std::chrono::seconds kRunLimit{120};

struct Run {
  int status = -1;
  std::string out, err;
};

Run runBench(std::vector<std::string> args) {
  args.insert(args.begin(), binPath("weft-bench"));
  Subprocess bench = weft::testing::startProgram(args);
  const std::optional<int> status = bench.waitExit(kRunLimit);
  REQUIRE_MESSAGE(status.has_value(), "weft-bench did not finish within its limit; stdout:\n",
                  bench.stdoutSoFar());
  return {*status, bench.stdoutSoFar(), bench.stderrSoFar()};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The whitespace-separated cells of the first line whose first cell is `label` (a label of one
// word) and, if `width` is not 0, that has `width` cells; empty if there is none.
std::vector<std::string> row(const std::string& text, const std::string& label,
                             std::size_t width = 0) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream cells(line);
    std::vector<std::string> found;
    for (std::string cell; cells >> cell;) found.push_back(cell);
    if (!found.empty() && found.front() == label && (width == 0 || found.size() == width)) {
      return found;
    }
  }
  return {};
}

double number(const std::string& cell) {
  return std::stod(cell);
}

}  // namespace

TEST_CASE("enet-echo measures a raw and a weft ENet echo server and compares them") {
  std::string window, size;
  SUBCASE("one small message in flight") {
    window = "1";
    size = "32";
  }
  SUBCASE("a window of large messages") {
    window = "64";
    size = "1000";
  }
  const Run run = runBench(
      {"enet-echo", "--window", window, "--size", size, "--messages", "300", "--rounds", "1"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  CHECK(contains(run.out, "messages/s"));
  for (const char* server : {"raw", "weft"}) {
    const std::vector<std::string> cells = row(run.out, server);
    REQUIRE_MESSAGE(cells.size() == 7, "no table row for ", server, " in:\n", run.out);
    CHECK(number(cells[1]) > 0);  // messages/s
    CHECK(number(cells[3]) > 0);  // p50 µs
  }
  CHECK(contains(run.out, "weft vs raw"));
  CHECK(contains(run.out, "Goal: weft ≥ 0.9× raw ENet's throughput: "));
  CHECK(contains(run.out, "Goal: weft's round trip ≤ raw + 5 µs: "));
}

TEST_CASE("enet-echo refuses a message too short for its sequence number, naming the option") {
  const Run run = runBench({"enet-echo", "--size", "4"});
  CHECK(run.status != 0);
  CHECK(contains(run.err, "--size"));
  CHECK(!contains(run.out, "measuring"));
}

TEST_CASE("enet-peers measures the server's CPU share while many peers send") {
  std::vector<std::string> args = {"enet-peers", "--peers",   "4", "--rate",   "20", "--size",
                                   "100",        "--seconds", "1", "--rounds", "1"};
  std::vector<const char*> servers = {"weft", "weft-batch", "raw"};
  SUBCASE("reliable, against every server") {}
  SUBCASE("unreliable, weft unbatched only") {
    args.insert(args.end(), {"--delivery", "unreliable", "--no-raw", "--batch", "0"});
    servers = {"weft"};
  }
  const Run run = runBench(args);
  REQUIRE_MESSAGE(run.status == 0, run.err);
  CHECK(contains(run.out, "CPU %"));
  for (const char* server : servers) {
    const std::vector<std::string> cells = row(run.out, server);
    REQUIRE_MESSAGE(cells.size() >= 7, "no table row for ", server, " in:\n", run.out);
    CHECK(number(cells[1]) > 0);  // sent/s
    CHECK(number(cells[2]) > 0);  // answered/s
    CHECK(number(cells[3]) > 0);  // CPU %: the server did use some
  }
  CHECK(contains(run.out, "Goal: the weft server ≤ 2 % of one core: "));
  CHECK(contains(run.out, "Goal: the weft-batch server ≤ 2 % of one core: ") == (servers.size() == 3));
}

TEST_CASE("enet-peers refuses a batch its endpoint would refuse, naming the option") {
  const Run run = runBench({"enet-peers", "--batch", "2"});
  CHECK(run.status != 0);
  CHECK(contains(run.err, "--batch"));
  CHECK(contains(run.err, "at most 1 second"));
  CHECK(!contains(run.out, "measuring"));
}

TEST_CASE("pump --enet-host measures each row again with an idle ENet host in the reactor") {
  const Run run = runBench({"pump", "--connections", "0", "--timers", "10", "--samples", "1000",
                            "--rounds", "1", "--no-twisted", "--enet-host"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  CHECK(contains(run.out, "+ENet host"));
  // The row of 0 connections: 13 columns without ENet, 4 with.
  const std::vector<std::string> cells = row(run.out, "0", 17);
  REQUIRE_MESSAGE(!cells.empty(), "no table row for 0 connections in:\n", run.out);
  CHECK(cells[1] == "1");            // sockets: the TCP listener alone
  CHECK_NOTHROW(number(cells[13]));  // +ENet host ns: a figure
  CHECK(cells[16].starts_with("met") != cells[16].starts_with("MISSED"));
  CHECK(contains(run.out, "Goal: an idle pump ≤ 200 ns: "));
  CHECK(contains(run.out, "Goal: an idle pump with one idle ENet host added ≤ 500 ns: "));
}
