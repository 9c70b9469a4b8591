#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "tools/bench/idle_epoll.h"
#include "tools/bench/idle_reactor.h"

using weft::bench::IdleEpoll;
using weft::bench::IdleLoadConfig;
using weft::bench::IdleReactor;
using weft::bench::openDescriptors;

TEST_CASE("an IdleReactor holds its connections and timers, and a pump finds nothing to do") {
  IdleLoadConfig config;
  config.connections = 300;  // more than one connect batch
  config.timers = 10;
  SUBCASE("epoll") {
    config.poller = weft::net::PollerKind::Epoll;
  }
  SUBCASE("poll") {
    config.poller = weft::net::PollerKind::Poll;
  }

  auto load = IdleReactor::open(config);
  REQUIRE_MESSAGE(load.ok(), (load.ok() ? "" : load.error().message));
  CHECK((*load)->sockets() == 301);  // the listener and the server ends
  CHECK((*load)->reactor().scheduler().pendingCount() == 10);
  for (int i = 0; i < 100; ++i) {
    const weft::net::PumpResult did = (*load)->reactor().pump(std::chrono::milliseconds(1));
    CHECK(did.socketsServed == 0);
    CHECK(did.timersRun == 0);
  }
  CHECK((*load)->lost() == 0);
}

TEST_CASE("an IdleReactor's idle ENet host adds one socket and no timer, and pumps find nothing") {
  IdleLoadConfig config;
  config.connections = 10;
  config.timers = 3;
  auto load = IdleReactor::open(config);
  REQUIRE_MESSAGE(load.ok(), (load.ok() ? "" : load.error().message));
  REQUIRE((*load)->openEnetHost().ok());
  CHECK((*load)->hasEnetHost());
  CHECK((*load)->sockets() == 12);  // the TCP listener, 10 server ends, the ENet host
  // A host without peers arms no service tick: only the load's own timers are pending.
  CHECK((*load)->reactor().scheduler().pendingCount() == 3);
  for (int i = 0; i < 100; ++i) {
    const weft::net::PumpResult did = (*load)->reactor().pump(std::chrono::milliseconds(1));
    CHECK(did.socketsServed == 0);
    CHECK(did.timersRun == 0);
  }
  CHECK((*load)->reactor().scheduler().pendingCount() == 3);
  (*load)->closeEnetHost();
  (*load)->reactor().pump(std::chrono::milliseconds(1));
  CHECK(!(*load)->hasEnetHost());
  CHECK((*load)->sockets() == 11);
  REQUIRE((*load)->openEnetHost().ok());  // and again, as every round of the benchmark does
  CHECK((*load)->sockets() == 12);
}

TEST_CASE("an IdleReactor with no connections still listens") {
  IdleLoadConfig config;
  auto load = IdleReactor::open(config);
  REQUIRE(load.ok());
  CHECK((*load)->sockets() == 1);
  CHECK((*load)->reactor().scheduler().pendingCount() == 0);
}

TEST_CASE("IdleEpoll watches the same sockets and eventfd as the reactor, and none is ready") {
  const std::vector<int> before = openDescriptors();
  IdleLoadConfig config;
  config.connections = 50;
  auto load = IdleReactor::open(config);
  REQUIRE(load.ok());
  const std::vector<int> after = openDescriptors();
  std::vector<int> added;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  // Also new: the reactor's epoll set and the holder's Unix socket, which are not watched.
  CHECK(added.size() > 52);
  auto bare = IdleEpoll::watchSame(added);
  REQUIRE(bare.ok());
  CHECK((*bare)->registrations() == 52);  // 50 server ends, the listener, the wake-up eventfd
  for (int i = 0; i < 100; ++i) CHECK((*bare)->waitOnce() == 0);
}

TEST_CASE("openDescriptors lists this process's descriptors, ascending") {
  const std::vector<int> fds = openDescriptors();
  CHECK(std::is_sorted(fds.begin(), fds.end()));
  CHECK(std::find(fds.begin(), fds.end(), 2) != fds.end());  // stderr
}
