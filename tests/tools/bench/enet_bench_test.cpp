// The ENet benchmarks run end to end as `weft-bench` processes with tiny bounded settings: each
// exits 0 and prints its table, with weft's figures beside the raw server's showing that
// traffic flowed, and the comparison beside them. The figures themselves are not judged (a
// loaded or sanitized machine).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/tools/bench/bench_run.h"

using namespace weft::test;

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
  const BenchRun run = runBench(
      {"enet-echo", "--window", window, "--size", size, "--messages", "300", "--rounds", "1"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.header ==
        std::vector<std::string>{"figure", "weft", "raw", "weft vs raw", "rounds min–max"});
  for (const char* figure : {"messages/s", "p50 µs", "p99 µs"}) {
    CHECK(table.number(figure, "weft") > 0);
    CHECK(table.number(figure, "raw") > 0);
  }
  CHECK(table.cell("messages/s", "weft vs raw").value().ends_with("×"));
  const std::string extra = table.cell("p50 µs", "weft vs raw").value();
  CHECK((extra.starts_with("+") || extra.starts_with("-")));
}

TEST_CASE("enet-echo refuses a message too short for its sequence number, naming the option") {
  const BenchRun run = runBench({"enet-echo", "--size", "4"});
  CHECK(run.status != 0);
  CHECK(run.err.find("--size") != std::string::npos);
  CHECK(run.out.empty());
}

TEST_CASE("enet-peers measures each server's CPU share while many peers send, in a column each") {
  std::vector<std::string> args = {"enet-peers", "--peers",   "4", "--rate",   "20", "--size",
                                   "100",        "--seconds", "1", "--rounds", "1"};
  std::vector<std::string> header = {"figure", "weft",     "weft-batch",
                                     "raw",    "weft/raw", "weft-batch/raw"};
  SUBCASE("reliable, against every server") {}
  SUBCASE("unreliable, weft unbatched only") {
    args.insert(args.end(), {"--delivery", "unreliable", "--no-raw", "--batch", "0"});
    header = {"figure", "weft"};
  }
  const BenchRun run = runBench(args);
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.header == header);
  for (const std::string& server : table.header) {
    if (server == "figure" || server.find('/') != std::string::npos) continue;  // not a server
    CHECK(table.number("sent/s", server) > 0);
    CHECK(table.number("answered/s", server) > 0);
    CHECK(table.number("CPU %", server) > 0);  // the server did use some
    CHECK(table.number("µs CPU per message", server) > 0);
  }
  if (header.size() > 2) {
    CHECK(table.cell("CPU %", "weft/raw").value().ends_with("×"));
    CHECK(table.cell("CPU %", "weft-batch/raw").value().ends_with("×"));
  }
}

TEST_CASE("enet-peers refuses a batch its endpoint would refuse, naming the option") {
  const BenchRun run = runBench({"enet-peers", "--batch", "2"});
  CHECK(run.status != 0);
  CHECK(run.err.find("--batch") != std::string::npos);
  CHECK(run.err.find("at most 1 second") != std::string::npos);
  CHECK(run.out.empty());
}

TEST_CASE("pump --enet-host measures each row again with an idle ENet host in the reactor") {
  const BenchRun run = runBench({"pump", "--connections", "0", "--timers", "10", "--samples",
                                 "1000", "--rounds", "1", "--no-twisted", "--enet-host"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const BenchTable table = onlyTable(run);
  CHECK(table.cell("0", "sockets") == "1");  // the TCP listener alone
  table.number("0", "weft ns");
  table.number("0", "+ENet host ns");
  CHECK(table.cell("0", "ENet adds ns").value().find_first_of("+-") == 0);
  CHECK(table.cell("0", "Twisted ns") == "—");  // --no-twisted
}
