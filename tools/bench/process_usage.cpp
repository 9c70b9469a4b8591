#include "tools/bench/process_usage.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

net::Result<std::chrono::nanoseconds> cpuTime(pid_t pid) {
  const std::filesystem::path tasks = strCat("/proc/", pid, "/task");
  std::error_code error;
  std::chrono::nanoseconds total{0};
  std::size_t threads = 0;
  for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
    std::ifstream in(task.path() / "schedstat");
    long long onCpu = 0;
    if (in >> onCpu) {
      total += std::chrono::nanoseconds(onCpu);
      ++threads;
    }
  }
  if (error || threads == 0) {
    return net::Error{strCat("cannot read the CPU time of process ", pid, " from ", tasks.string(),
                             error ? ": " + error.message() : "")};
  }
  return total;
}

net::Result<std::size_t> residentBytes(pid_t pid) {
  const std::string path = strCat("/proc/", pid, "/status");
  std::ifstream in(path);
  for (std::string key; in >> key;) {
    if (key == "VmRSS:") {
      std::size_t kilobytes = 0;
      if (in >> kilobytes) return kilobytes * 1024;
      break;
    }
    in.ignore(1 << 20, '\n');
  }
  return net::Error{strCat("no VmRSS in ", path)};
}

}  // namespace weft::bench
