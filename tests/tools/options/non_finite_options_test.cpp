// Every numeric option of every program (the tools and the net/examples programs) refuses nan
// and inf, as it refuses any value out of its range: exit 2 and an error naming the option, on
// stderr, before anything starts. A row per option; weft-bench keeps its own table.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/programs.h"

using weft::tools::Subprocess;

namespace {

constexpr std::chrono::milliseconds kSoon{20000};

struct Row {
  std::string program;
  std::vector<std::string> before;  // what the program needs besides the option
  std::string option;               // "--rate", or "" when `before` ends in an endpoint prefix
};

const std::vector<std::string> kChatd = {"--listen", "tcp:0:interface=127.0.0.1"};
const std::vector<std::string> kAnnounce = {
    "announce", "--name", "den", "--game-port", "7777", "--listen", "udp:0:interface=127.0.0.1"};
const std::vector<std::string> kBrowse = {"browse", "--address", "127.0.0.1"};
const std::vector<std::string> kNetsim = {"--listen", "udp:0:interface=127.0.0.1", "--forward",
                                          "127.0.0.1:9"};
const std::vector<std::string> kClient = {"--connect", "tcp:127.0.0.1:9"};
const std::vector<std::string> kServer = {"--listen", "tcp:0:interface=127.0.0.1"};

const std::vector<Row> kRows = {
    {"weft-chatd", kChatd, "--max-members"},
    {"weft-chatd", kChatd, "--max-per-address"},
    {"weft-chatd", kChatd, "--history"},
    {"weft-chatd", kChatd, "--rate"},
    {"weft-chatd", kChatd, "--burst"},
    {"weft-chatd", kChatd, "--flood-strikes"},
    {"weft-chatd", kChatd, "--name-timeout"},
    {"weft-lan", kAnnounce, "--game-port"},
    {"weft-lan", kAnnounce, "--protocol-version"},
    {"weft-lan", kAnnounce, "--players"},
    {"weft-lan", kAnnounce, "--max-players"},
    {"weft-lan", kBrowse, "--port"},
    {"weft-lan", kBrowse, "--interval"},
    {"weft-lan", kBrowse, "--timeout"},
    {"weft-netsim", kNetsim, "--latency"},
    {"weft-netsim", kNetsim, "--jitter"},
    {"weft-netsim", kNetsim, "--loss"},
    {"weft-netsim", kNetsim, "--duplicate"},
    {"weft-netsim", kNetsim, "--reorder"},
    {"weft-netsim", kNetsim, "--reorder-delay"},
    {"weft-netsim", kNetsim, "--bandwidth"},
    {"weft-netsim", kNetsim, "--seed"},
    {"weft-netsim", kNetsim, "--idle-timeout"},
    {"weft-netsim", kNetsim, "--report"},
    {"weft-example-echo-quota", kServer, "--max-connections"},
    {"weft-example-reconnecting-client", kClient, "--initial-delay"},
    {"weft-example-reconnecting-client", kClient, "--max-delay"},
    {"weft-example-reconnecting-client", kClient, "--max-retries"},
    {"weft-example-reconnecting-client", kClient, "--seed"},
    {"weft-example-spreader-client", kClient, "--interval"},
};

}  // namespace

TEST_CASE("every numeric option refuses nan and inf with exit 2, naming the option") {
  for (const Row& row : kRows) {
    for (const std::string value : {"nan", "inf", "-inf", "-nan", "infinity", "1e999"}) {
      std::vector<std::string> argv = {weft::testing::binPath(row.program)};
      argv.insert(argv.end(), row.before.begin(), row.before.end());
      argv.insert(argv.end(), {row.option, value});
      CAPTURE(row.program);
      CAPTURE(row.option);
      CAPTURE(value);
      Subprocess process = weft::testing::startProgram(argv);
      CHECK(process.waitExit(kSoon) == 2);
      const std::string& error = process.stderrSoFar();
      CHECK(error.find(row.option) != std::string::npos);
      CHECK(process.stdoutSoFar().find("listening") == std::string::npos);
    }
  }
}

TEST_CASE("a timeout in an endpoint string is digits only: nan and inf are not numbers there") {
  for (const std::string program :
       {"weft-chat", "weft-chatlog", "weft-example-reconnecting-client"}) {
    for (const std::string value : {"nan", "inf"}) {
      std::vector<std::string> argv = {weft::testing::binPath(program), "--connect",
                                       "tcp:127.0.0.1:9:timeout=" + value};
      if (program == "weft-chat") argv.insert(argv.end(), {"--name", "anna"});
      if (std::string_view(program) == "weft-chatlog")
        argv.insert(argv.end(), {"--file", "/dev/null"});
      CAPTURE(program);
      CAPTURE(value);
      Subprocess process = weft::testing::startProgram(argv);
      CHECK(process.waitExit(kSoon) == 2);
      CHECK(process.stderrSoFar().find("timeout '" + value + "' is not a number") !=
            std::string::npos);
    }
  }
}
