#include "tools/bench/cpu_affinity.h"

#include <doctest/doctest.h>
#include <sched.h>

#include <algorithm>
#include <string>

using weft::bench::allowedCpus;
using weft::bench::currentCpu;
using weft::bench::formatCpus;
using weft::bench::parseCpuList;
using weft::bench::pinToCpu;

namespace {
// Restores the test process's CPU set when a test that pins it ends.
class AffinityGuard {
 public:
  AffinityGuard() { ::sched_getaffinity(0, sizeof saved_, &saved_); }
  ~AffinityGuard() { ::sched_setaffinity(0, sizeof saved_, &saved_); }
  AffinityGuard(const AffinityGuard&) = delete;
  AffinityGuard& operator=(const AffinityGuard&) = delete;

 private:
  cpu_set_t saved_{};
};

bool errorContains(const weft::net::Result<std::vector<int>>& result, const std::string& text) {
  return !result.ok() && result.error().message.find(text) != std::string::npos;
}
}  // namespace

TEST_CASE("allowedCpus lists the CPUs this process may use, ascending") {
  const std::vector<int> cpus = allowedCpus();
  REQUIRE(!cpus.empty());
  CHECK(std::is_sorted(cpus.begin(), cpus.end()));
  CHECK(formatCpus({0, 2, 3}) == "0,2,3");
}

TEST_CASE("parseCpuList accepts as many distinct allowed CPUs as asked for") {
  const std::vector<int> cpus = allowedCpus();
  const std::string first = std::to_string(cpus.front());
  auto one = parseCpuList(first, 1);
  REQUIRE(one.ok());
  CHECK(*one == std::vector<int>{cpus.front()});
  if (cpus.size() >= 2) {
    auto two = parseCpuList(first + "," + std::to_string(cpus[1]), 2);
    REQUIRE(two.ok());
    CHECK(*two == std::vector<int>{cpus[0], cpus[1]});
  }
}

TEST_CASE("parseCpuList names what is wrong with a bad list") {
  const std::string first = std::to_string(allowedCpus().front());
  CHECK(errorContains(parseCpuList(first, 2), "expected 2 CPUs"));
  CHECK(errorContains(parseCpuList(first + "," + first, 2), "named twice"));
  CHECK(errorContains(parseCpuList("x," + first, 2), "'x' is not a CPU number"));
  CHECK(errorContains(parseCpuList(first + ",", 2), "'' is not a CPU number"));
  CHECK(errorContains(parseCpuList("-1", 1), "'-1' is not a CPU number"));
  CHECK(errorContains(parseCpuList("1000", 1), "CPU 1000 is not available (allowed: "));
  CHECK(errorContains(parseCpuList("0x1", 1), "'0x1' is not a CPU number"));
}

TEST_CASE("pinToCpu keeps the process on that one CPU") {
  AffinityGuard restore;
  const int cpu = allowedCpus().back();
  REQUIRE(pinToCpu(cpu).ok());
  CHECK(allowedCpus() == std::vector<int>{cpu});
  CHECK(currentCpu() == cpu);
}

TEST_CASE("pinToCpu refuses a CPU the process may not use, naming the allowed ones") {
  AffinityGuard restore;
  auto pinned = pinToCpu(1000);
  REQUIRE(!pinned.ok());
  CHECK(pinned.error().message.find("cannot pin to CPU 1000 (allowed: ") != std::string::npos);
  CHECK(!pinToCpu(-1).ok());
}
