#include "tools/bench/call_timer.h"

#include "tools/bench/stats.h"

namespace weft::bench {

double clockReadOverhead(std::size_t samples) {
  std::vector<double> empty(samples);
  timeEachCall(empty, [] {});
  return median(empty);
}

void subtractOverhead(std::span<double> samples, double overhead) {
  for (double& sample : samples) sample -= overhead;
}

}  // namespace weft::bench
