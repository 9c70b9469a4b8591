// CallTimer: times calls that take well under a microsecond one at a time, and the cost of the
// two clock reads around each, so a benchmark can report per-call quantiles with that cost taken
// out. Tests: tests/tools/bench/call_timer_test.cpp
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <vector>

namespace weft::bench {

// steady_clock, the clock weft's SteadyClock reads (clock_gettime(CLOCK_MONOTONIC) via the vDSO).
using BenchClock = std::chrono::steady_clock;

// Times up to out.size() calls of `call`, one sample each in `out` (ns, clock reads included),
// and returns how many it took: fewer when `deadline` passed first, so a slow configuration
// (poll() over 10,000 sockets) stays bounded in time. Nothing else runs between the two reads;
// the deadline is checked outside them, every kDeadlineStride calls.
inline constexpr std::size_t kDeadlineStride = 64;
template <typename Call>
std::size_t timeEachCall(std::span<double> out, Call&& call,
                         BenchClock::time_point deadline = BenchClock::time_point::max()) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i % kDeadlineStride == 0 && i != 0 && BenchClock::now() >= deadline) return i;
    const BenchClock::time_point start = BenchClock::now();
    call();
    const BenchClock::time_point end = BenchClock::now();
    out[i] = static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
  }
  return out.size();
}

// What a sample from timeEachCall holds besides the call: the median of `samples` timings of
// nothing, measured the same way. Calibrate in the same run (and ideally the same round) as the
// calls, since it moves with the machine's load and the CPU's clock.
double clockReadOverhead(std::size_t samples);

// `samples` with `overhead` subtracted from each (in place): the calls' own cost. A call shorter
// than the jitter of the clock can come out slightly negative; that is kept, not clamped, so the
// median stays unbiased.
void subtractOverhead(std::span<double> samples, double overhead);

}  // namespace weft::bench
