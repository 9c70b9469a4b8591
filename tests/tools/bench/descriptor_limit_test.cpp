#include "tools/bench/descriptor_limit.h"

#include <doctest/doctest.h>
#include <sys/resource.h>

#include <string>

using weft::bench::raiseDescriptorLimit;

TEST_CASE("raiseDescriptorLimit leaves a limit that is already high enough alone") {
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
  auto limit = raiseDescriptorLimit(16);
  REQUIRE(limit.ok());
  CHECK(*limit == before.rlim_cur);
  rlimit after{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &after) == 0);
  CHECK(after.rlim_cur == before.rlim_cur);
  CHECK(after.rlim_max == before.rlim_max);
}

TEST_CASE("raiseDescriptorLimit raises the soft limit up to the hard one") {
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  if (saved.rlim_max == RLIM_INFINITY || saved.rlim_max < 64) return;
  rlimit lowered = saved;
  lowered.rlim_cur = 32;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
  auto limit = raiseDescriptorLimit(48);
  CHECK(limit.ok());
  if (limit.ok()) CHECK(*limit == 48);
  ::setrlimit(RLIMIT_NOFILE, &saved);
}

TEST_CASE("raiseDescriptorLimit names the count it needed when the system refuses") {
  // More than the kernel's nr_open (1,048,576 by default) is refused even to root.
  auto limit = raiseDescriptorLimit(1u << 30);
  REQUIRE(!limit.ok());
  CHECK(limit.error().message.find("needs 1073741824 file descriptors but the limit is ") == 0);
}
