#include "tools/bench/process_usage.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <vector>

using weft::bench::cpuTime;
using weft::bench::residentBytes;

TEST_CASE("CPU time grows while a process computes, in nanoseconds") {
  const auto before = cpuTime(::getpid());
  REQUIRE(before.ok());
  volatile std::uint64_t sink = 0;
  for (std::uint64_t i = 0; i < 50'000'000; ++i) sink = sink + i;
  const auto after = cpuTime(::getpid());
  REQUIRE(after.ok());
  CHECK(*after - *before > std::chrono::milliseconds(1));
}

TEST_CASE("resident memory grows with memory touched") {
  const auto before = residentBytes(::getpid());
  REQUIRE(before.ok());
  std::vector<char> touched(64 << 20, 1);
  const auto after = residentBytes(::getpid());
  REQUIRE(after.ok());
  CHECK(*after >= *before + (32 << 20));
  CHECK(touched[12345] == 1);
}

TEST_CASE("a process that does not exist is an error naming it") {
  const auto cpu = cpuTime(999999999);
  REQUIRE_FALSE(cpu.ok());
  CHECK(cpu.error().message.find("999999999") != std::string::npos);
  CHECK_FALSE(residentBytes(999999999).ok());
}
