// The options several weft-bench subcommands share (--rounds, --cpu, --fifo, --python,
// --server-wrapper), so each is spelled, checked and explained the same way everywhere.
// Tests: tests/tools/bench/commands_test.cpp (through the subcommands)
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "net/core/result.h"

namespace weft::bench {

// --rounds, 1..max; `help` says what a round is when it is not the usual one.
void addRoundsOption(CLI::App& cli, int& rounds, int max,
                     const std::string& help =
                         "Measured rounds after one warm-up round; the "
                         "table shows medians over rounds");

// --cpu A,B: two different CPUs this process may use, checked as the command line is parsed;
// `roles` names them for the help text ("SERVER,CLIENT"). Default "0,1".
void addCpuOption(CLI::App& cli, std::string& cpus, const std::string& roles);
// The two CPUs of a --cpu value; an error only for the default on a machine without CPU 1.
net::Result<std::vector<int>> cpuPair(const std::string& cpus);

// --fifo: the benchmark's processes under SCHED_FIFO priority 1.
void addFifoOption(CLI::App& cli, bool& fifo);
// Puts this process under SCHED_FIFO priority 1 when `fifo`, so the processes it starts inherit
// it; the error says what is missing (CAP_SYS_NICE).
net::Result<void> applyFifo(bool fifo);

// --python: the interpreter that runs the Twisted scripts.
void addPythonOption(CLI::App& cli, std::string& python);

// --server-wrapper CMD: a command (a profiler) the helper servers run under.
void addServerWrapperOption(CLI::App& cli, std::vector<std::string>& wrapper);

}  // namespace weft::bench
