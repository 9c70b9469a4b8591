#include "tools/bench/process_usage.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

using weft::bench::processCpuTime;
using namespace std::chrono_literals;

namespace {

std::chrono::nanoseconds rusageSelf() {
  rusage usage{};
  REQUIRE(::getrusage(RUSAGE_SELF, &usage) == 0);
  const auto toNs = [](const timeval& t) {
    return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
  };
  return toNs(usage.ru_utime) + toNs(usage.ru_stime);
}

// Spins for `wall` of wall-clock time; returns something the optimiser cannot drop.
unsigned spin(std::chrono::milliseconds wall) {
  unsigned sum = 0;
  const auto until = std::chrono::steady_clock::now() + wall;
  while (std::chrono::steady_clock::now() < until) {
    for (unsigned i = 0; i < 1000; ++i) sum += i * i;
  }
  return sum;
}

}  // namespace

TEST_CASE("processCpuTime counts what a process computes, as getrusage does") {
  const auto before = processCpuTime(::getpid());
  const auto usageBefore = rusageSelf();
  const auto wallBefore = std::chrono::steady_clock::now();
  REQUIRE_MESSAGE(before.ok(), before.error().message);
  CHECK(spin(200ms) != 1);
  const auto after = processCpuTime(::getpid());
  const auto usage = rusageSelf() - usageBefore;
  const auto wall = std::chrono::steady_clock::now() - wallBefore;
  REQUIRE(after.ok());
  CHECK((before->source == "schedstat" || before->source == "stat"));
  const auto used = after->time - before->time;
  CHECK(used > 0ns);
  CHECK(used <= wall + 20ms);  // one thread cannot run longer than the wall clock
  // The scheduler's count and getrusage's agree, give or take a clock tick on either side.
  const auto difference = used > usage ? used - usage : usage - used;
  CHECK_MESSAGE(difference <= 25ms, "schedstat ", used.count(), " ns, getrusage ", usage.count(),
                " ns");
}

TEST_CASE("processCpuSplit counts computing as user time, in clock ticks") {
  const auto before = weft::bench::processCpuSplit(::getpid());
  const auto usageBefore = rusageSelf();
  REQUIRE(before.ok());
  CHECK(spin(300ms) != 1);
  const auto after = weft::bench::processCpuSplit(::getpid());
  const auto usage = rusageSelf() - usageBefore;
  REQUIRE(after.ok());
  const auto user = after->user - before->user;
  const auto total = user + (after->system - before->system);
  CHECK(user > 0ns);
  CHECK(user >= total / 2);  // a spin is user time; the clock reads in it barely enter the kernel
  const auto difference = total > usage ? total - usage : usage - total;
  CHECK_MESSAGE(difference <= 30ms, "stat ", total.count(), " ns, getrusage ", usage.count(),
                " ns");
}

TEST_CASE("processCpuTime of a process that does not exist says which one") {
  std::ifstream limit("/proc/sys/kernel/pid_max");
  long pidMax = 0;
  REQUIRE(static_cast<bool>(limit >> pidMax));
  const auto pid = static_cast<pid_t>(pidMax + 1);  // no process can have it
  const auto reading = processCpuTime(pid);
  REQUIRE(!reading.ok());
  CHECK(reading.error().message.find(std::to_string(pid)) != std::string::npos);
  const auto split = weft::bench::processCpuSplit(pid);
  REQUIRE(!split.ok());
  CHECK(split.error().message.find(std::to_string(pid)) != std::string::npos);
}

TEST_CASE("resident memory grows with memory touched") {
  const auto before = weft::bench::residentBytes(::getpid());
  REQUIRE(before.ok());
  std::vector<char> touched(64 << 20, 1);
  const auto after = weft::bench::residentBytes(::getpid());
  REQUIRE(after.ok());
  CHECK(*after >= *before + (32 << 20));
  CHECK(touched[12345] == 1);
  CHECK_FALSE(weft::bench::residentBytes(999999999).ok());
}
