// Command: how a weft-bench subcommand plugs into the driver. Each subcommand lives in its own
// file and is listed once in main.cpp. Run: weft-bench --help
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace weft::bench {

// A registered subcommand: the CLI11 subcommand that holds its options, and what to run when
// it was the one chosen on the command line.
struct Command {
  CLI::App* cli = nullptr;
  // Runs after the command line parsed and the options were validated; returns the exit code
  // (0, or 1 after printing why to stderr).
  std::function<int()> run;
};

// One factory per subcommand file. Each adds its subcommand to `parent`, binding the options to
// state that its `run` owns (never globals), and returns it.
//
// To add a subcommand: write tools/bench/<name>_bench.cpp defining one of these, declare it
// here, add one line to the list in main.cpp, and add the file to tools/bench/CMakeLists.txt.
// Print one table (stats.h), a row per thing measured and the peer beside weft; measure a
// Twisted peer with lockstep_script.h, as timers_bench.cpp does, so both sides run round by
// round under the same load. Say in README.md what it measures, how to read it, and the goal
// each row is held to; the program prints figures, not verdicts.
Command timersCommand(CLI::App& parent);      // timers_bench.cpp
Command pumpCommand(CLI::App& parent);        // pump_bench.cpp
Command echoRttCommand(CLI::App& parent);     // echo_rtt_bench.cpp
Command echoServerCommand(CLI::App& parent);  // echo_servers.cpp (hidden: echo-rtt starts it)
Command enetEchoCommand(CLI::App& parent);    // enet_echo_bench.cpp
Command enetPeersCommand(CLI::App& parent);   // enet_peers_bench.cpp
// echo_servers.cpp (hidden: enet-echo and enet-peers start it)
Command enetEchoServerCommand(CLI::App& parent);
Command chatFanoutCommand(CLI::App& parent);  // chat_fanout_bench.cpp
Command arenaCodecCommand(CLI::App& parent);  // arena_codec_bench.cpp
#ifdef WEFT_BENCH_ENGINE
Command frameFloodCommand(CLI::App& parent);  // frame_flood_bench.cpp (needs weft::engine)
#endif

}  // namespace weft::bench
