// The weft-lan subcommands: how each plugs into main.cpp (as weft-bench's do).
// Run: weft-lan --help, weft-lan browse --help, weft-lan announce --help
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace weft::lan {

// Exit codes: 0 after Ctrl-C or SIGTERM, 1 when the network said no (a port in use), 2 for a
// command line that does not make sense.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  CLI::App* cli = nullptr;
  std::function<int()> run;  // after parsing; returns the exit code
};

Command browseCommand(CLI::App& parent);    // browse_command.cpp
Command announceCommand(CLI::App& parent);  // announce_command.cpp

}  // namespace weft::lan
