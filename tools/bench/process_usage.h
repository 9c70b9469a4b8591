// What another process (a benchmark's server, all its threads) costs, read from /proc: CPU time
// with nanosecond resolution, so a benchmark can report the server's share of a core over a few
// seconds without the 10 ms ticks of getrusage or /proc/PID/stat, and resident memory.
// Tests: tests/tools/bench/process_usage_test.cpp
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "net/core/result.h"

namespace weft::bench {

struct CpuReading {
  std::chrono::nanoseconds time{0};  // on a CPU, user and system, every thread together
  // Where it came from: "schedstat" (ns, the scheduler's own count) or "stat" (clock ticks,
  // when the kernel has no schedstat), so a report can say how fine its figures are.
  std::string source;
};

// The CPU time `pid` has used since it started: the sum over /proc/PID/task/*/schedstat, or
// utime + stime from /proc/PID/stat where schedstat is missing. The error names the process
// (one that has exited and been reaped has nothing left to read).
net::Result<CpuReading> processCpuTime(pid_t pid);

// The same time split into user and system (kernel) time, from /proc/PID/stat: in clock ticks
// (10 ms), so only meaningful over seconds, where it says how much of a server's CPU went to the
// kernel (system calls, wake-ups) rather than to its own code and its libraries.
struct CpuSplit {
  std::chrono::nanoseconds user{0};
  std::chrono::nanoseconds system{0};
};
net::Result<CpuSplit> processCpuSplit(pid_t pid);

// Its resident set (VmRSS), in bytes: user-space memory; socket buffers are the kernel's.
net::Result<std::size_t> residentBytes(pid_t pid);

}  // namespace weft::bench
