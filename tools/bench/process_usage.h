// What another process costs, read from /proc: CPU time over all its threads (schedstat, in
// nanoseconds, not clock ticks) and resident memory — how chat-fanout charges each server.
// Tests: tests/tools/bench/process_usage_test.cpp
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>

#include "net/core/result.h"

namespace weft::bench {

// CPU time `pid` has run, user and system, summed over its threads.
net::Result<std::chrono::nanoseconds> cpuTime(pid_t pid);

// Its resident set (VmRSS), in bytes: user-space memory; socket buffers are the kernel's.
net::Result<std::size_t> residentBytes(pid_t pid);

}  // namespace weft::bench
