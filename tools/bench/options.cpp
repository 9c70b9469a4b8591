#include "tools/bench/options.h"

#include "net/core/str_cat.h"
#include "tools/bench/cpu_affinity.h"

namespace weft::bench {

void addRoundsOption(CLI::App& cli, int& rounds, int max, const std::string& help) {
  cli.add_option("--rounds", rounds, help)->check(CLI::Range(1, max))->capture_default_str();
}

void addCpuOption(CLI::App& cli, std::string& cpus, const std::string& roles) {
  cli.add_option("--cpu", cpus,
                 net::strCat(roles,
                             ": the two CPUs to pin them to (as taskset -c would); two "
                             "different CPUs this process may use"))
      ->check(CLI::Validator(
          [](std::string& text) {
            auto parsed = parseCpuList(text, 2);
            return parsed ? std::string() : parsed.error().message;
          },
          roles))
      ->capture_default_str();
}

net::Result<std::vector<int>> cpuPair(const std::string& cpus) {
  auto parsed = parseCpuList(cpus, 2);
  if (!parsed) return net::Error{net::strCat("--cpu: ", parsed.error().message)};
  return parsed;
}

void addFifoOption(CLI::App& cli, bool& fifo) {
  cli.add_flag("--fifo", fifo,
               "Run every process of the benchmark under SCHED_FIFO priority 1 (as chrt -f 1 "
               "would), so other load cannot delay their wake-ups; needs root or CAP_SYS_NICE. "
               "Every round is time-bounded, so nothing can hog a CPU for long");
}

net::Result<void> applyFifo(bool fifo) {
  if (!fifo) return {};
  auto applied = useFifoScheduling(1);  // the lowest real-time priority is enough
  if (!applied) return net::Error{net::strCat("--fifo: ", applied.error().message)};
  return {};
}

void addPythonOption(CLI::App& cli, std::string& python) {
  cli.add_option("--python", python,
                 "Python interpreter that can import Twisted (Debian's python3-twisted)")
      ->capture_default_str();
}

void addServerWrapperOption(CLI::App& cli, std::vector<std::string>& wrapper) {
  cli.add_option("--server-wrapper", wrapper,
                 "A command the servers run under, to profile them, e.g. \"valgrind "
                 "--tool=callgrind\"; their figures then include it")
      ->delimiter(' ');
}

}  // namespace weft::bench
