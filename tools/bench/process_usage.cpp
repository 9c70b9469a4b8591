#include "tools/bench/process_usage.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

namespace {

// The first field of a thread's schedstat: nanoseconds it has run on a CPU.
bool readSchedstat(const std::string& path, long long& ns) {
  std::ifstream file(path);
  return static_cast<bool>(file >> ns);
}

net::Result<CpuReading> fromSchedstat(pid_t pid) {
  const std::string tasks = strCat("/proc/", pid, "/task");
  DIR* dir = ::opendir(tasks.c_str());
  if (!dir) return net::Error{strCat("process ", pid, ": ", tasks, ": ", std::strerror(errno))};
  long long total = 0;
  std::size_t threads = 0;
  bool complete = true;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    long long ns = 0;
    // A thread that ended between readdir and the read no longer counts; the main one must.
    if (readSchedstat(strCat(tasks, "/", entry->d_name, "/schedstat"), ns)) {
      total += ns;
      ++threads;
    } else if (std::string_view(entry->d_name) == strCat(pid)) {
      complete = false;
    }
  }
  ::closedir(dir);
  if (threads == 0 || !complete) {
    return net::Error{strCat("process ", pid, ": no schedstat under ", tasks)};
  }
  return CpuReading{std::chrono::nanoseconds(total), "schedstat"};
}

net::Result<CpuReading> fromStat(pid_t pid) {
  auto split = processCpuSplit(pid);
  if (!split) return split.error();
  return CpuReading{split->user + split->system, "stat"};
}

}  // namespace

net::Result<CpuSplit> processCpuSplit(pid_t pid) {
  const std::string path = strCat("/proc/", pid, "/stat");
  std::ifstream file(path);
  std::string line;
  if (!std::getline(file, line)) {
    return net::Error{strCat("process ", pid, ": cannot read ", path)};
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const std::size_t close = line.rfind(')');
  if (close == std::string::npos) return net::Error{strCat(path, ": unexpected format")};
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  // Fields 3..13 come before utime (14) and stime (15).
  for (int i = 3; i <= 13; ++i) fields >> field;
  long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return net::Error{strCat(path, ": unexpected format")};
  const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
  const long long nsPerTick = 1'000'000'000LL / (ticksPerSecond > 0 ? ticksPerSecond : 100);
  return CpuSplit{std::chrono::nanoseconds(utime * nsPerTick),
                  std::chrono::nanoseconds(stime * nsPerTick)};
}

net::Result<CpuReading> processCpuTime(pid_t pid) {
  auto fine = fromSchedstat(pid);
  if (fine) return fine;
  auto coarse = fromStat(pid);
  if (coarse) return coarse;
  return fine.error();
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
