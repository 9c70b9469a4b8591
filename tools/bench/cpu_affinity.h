// Where a benchmark's processes run, for benchmarks whose two ends are separate processes: pin
// to a CPU (what `taskset -c` does) from a checked "--cpu A,B" list, and optionally a real-time
// policy (what `chrt -f` does) so other load on the machine cannot delay their wake-ups.
// Tests: tests/tools/bench/cpu_affinity_test.cpp
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"

namespace weft::bench {

// The CPUs this process may run on (sched_getaffinity), ascending.
std::vector<int> allowedCpus();

// "0,1,3" for display.
std::string formatCpus(const std::vector<int>& cpus);

// Parses exactly `count` distinct CPU numbers separated by commas ("0,1"), each one this process
// may run on. Errors name the bad part: "0,7: CPU 7 is not available (allowed: 0,1)".
net::Result<std::vector<int>> parseCpuList(std::string_view text, std::size_t count);

// Restricts the calling process (its calling thread, and threads and children it creates
// afterwards) to `cpu`. The error names the CPU and the allowed ones.
net::Result<void> pinToCpu(int cpu);

// Puts the calling process under SCHED_FIFO at `priority` (1 is the lowest); children started
// afterwards inherit it. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO allowance; the error says so.
net::Result<void> useFifoScheduling(int priority);

// The CPU the calling thread is running on right now (sched_getcpu), or -1.
int currentCpu();

}  // namespace weft::bench
