#include "tools/bench/cpu_affinity.h"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

std::vector<int> allowedCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

std::string formatCpus(const std::vector<int>& cpus) {
  std::string text;
  for (int cpu : cpus) text += strCat(text.empty() ? "" : ",", cpu);
  return text;
}

net::Result<std::vector<int>> parseCpuList(std::string_view text, std::size_t count) {
  const auto fail = [&](std::string_view why) { return net::Error{strCat(text, ": ", why)}; };
  const std::vector<int> allowed = allowedCpus();
  std::vector<int> cpus;
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view field = rest.substr(0, comma);
    int cpu = -1;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), cpu);
    if (field.empty() || ec != std::errc{} || end != field.data() + field.size() || cpu < 0) {
      return fail(strCat("'", field, "' is not a CPU number"));
    }
    if (std::find(allowed.begin(), allowed.end(), cpu) == allowed.end()) {
      return fail(strCat("CPU ", cpu, " is not available (allowed: ", formatCpus(allowed), ")"));
    }
    if (std::find(cpus.begin(), cpus.end(), cpu) != cpus.end()) {
      return fail(strCat("CPU ", cpu, " is named twice; give ", count, " different CPUs"));
    }
    cpus.push_back(cpu);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (cpus.size() != count) {
    return fail(strCat("expected ", count, " CPUs separated by commas, got ", cpus.size()));
  }
  return cpus;
}

net::Result<void> pinToCpu(int cpu) {
  if (cpu < 0 || cpu >= CPU_SETSIZE) return net::Error{strCat("CPU ", cpu, " is out of range")};
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (::sched_setaffinity(0, sizeof set, &set) != 0) {
    return net::Error{strCat("cannot pin to CPU ", cpu, " (allowed: ", formatCpus(allowedCpus()),
                             "): ", std::strerror(errno))};
  }
  return {};
}

net::Result<void> useFifoScheduling(int priority) {
  sched_param param{};
  param.sched_priority = priority;
  if (::sched_setscheduler(0, SCHED_FIFO, &param) != 0) {
    const int error = errno;
    return net::Error{strCat("cannot use SCHED_FIFO priority ", priority, ": ",
                             std::strerror(error),
                             error == EPERM ? " (needs CAP_SYS_NICE or RLIMIT_RTPRIO)" : "")};
  }
  return {};
}

int currentCpu() {
  return ::sched_getcpu();
}

}  // namespace weft::bench
