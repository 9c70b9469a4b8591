// One contract, every Poller: the same cases run against epoll and poll().
#include "net/core/poller.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <vector>

using namespace std::chrono_literals;
using weft::net::Interest;
using weft::net::makePoller;
using weft::net::PollerKind;
using weft::net::PollEvent;

namespace {

struct SocketPair {
  int a = -1;
  int b = -1;
  SocketPair() {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    a = fds[0];
    b = fds[1];
  }
  ~SocketPair() {
    if (a >= 0) ::close(a);
    if (b >= 0) ::close(b);
  }
};

std::vector<PollEvent> waitOnce(weft::net::Poller& poller, weft::net::Duration timeout) {
  std::array<PollEvent, 16> events{};
  auto n = poller.wait(events, timeout);
  return {events.begin(), events.begin() + static_cast<long>(n)};
}

const PollerKind kKinds[] = {PollerKind::Epoll, PollerKind::Poll};

}  // namespace

TEST_CASE("a quiet socket is not reported, and a zero wait returns at once") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 7, Interest::Read).ok());
    auto start = std::chrono::steady_clock::now();
    CHECK(waitOnce(*poller, 0ms).empty());
    CHECK(std::chrono::steady_clock::now() - start < 100ms);
  }
}

TEST_CASE("readable data is reported with the registration's token, again and again until read") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 42, Interest::Read).ok());
    REQUIRE(::write(pair.b, "x", 1) == 1);
    for (int i = 0; i < 2; ++i) {  // level-triggered: still ready the second time
      auto events = waitOnce(*poller, 1s);
      REQUIRE(events.size() == 1);
      CHECK(events[0].token == 42);
      CHECK(events[0].readable);
    }
    char c;
    REQUIRE(::read(pair.a, &c, 1) == 1);
    CHECK(waitOnce(*poller, 0ms).empty());
  }
}

TEST_CASE("write interest reports a writable socket; modify changes interest and token") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 1, Interest::Write).ok());
    auto events = waitOnce(*poller, 1s);
    REQUIRE(events.size() == 1);
    CHECK(events[0].writable);
    REQUIRE(poller->modify(pair.a, 2, Interest::None).ok());
    CHECK(waitOnce(*poller, 0ms).empty());
    REQUIRE(::write(pair.b, "y", 1) == 1);
    REQUIRE(poller->modify(pair.a, 3, Interest::Read).ok());
    events = waitOnce(*poller, 1s);
    REQUIRE(events.size() == 1);
    CHECK(events[0].token == 3);
    CHECK(events[0].readable);
    CHECK_FALSE(events[0].writable);
  }
}

TEST_CASE("a hang-up is reported even with no interest") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 5, Interest::None).ok());
    ::close(pair.b);
    pair.b = -1;
    auto events = waitOnce(*poller, 1s);
    REQUIRE(events.size() == 1);
    CHECK(events[0].failed);
  }
}

TEST_CASE("a removed descriptor is never reported; adding it twice is an error") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 1, Interest::Read).ok());
    CHECK_FALSE(poller->add(pair.a, 1, Interest::Read).ok());
    REQUIRE(::write(pair.b, "z", 1) == 1);
    poller->remove(pair.a);
    CHECK(waitOnce(*poller, 0ms).empty());
    CHECK_FALSE(poller->modify(pair.a, 1, Interest::Read).ok());
  }
}

TEST_CASE("many registrations: only the ready ones come back") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    std::vector<SocketPair> pairs(50);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      REQUIRE(poller->add(pairs[i].a, i, Interest::Read).ok());
    }
    for (std::size_t i : {3u, 17u, 49u}) REQUIRE(::write(pairs[i].b, "r", 1) == 1);
    poller->remove(pairs[10].a);  // swap-removal in poll() must keep the others' tokens
    auto events = waitOnce(*poller, 1s);
    std::vector<std::uint64_t> tokens;
    for (auto& e : events) tokens.push_back(e.token);
    std::sort(tokens.begin(), tokens.end());
    CHECK(tokens == std::vector<std::uint64_t>{3, 17, 49});
  }
}

TEST_CASE("a wait with a timeout sleeps about that long when nothing happens") {
  for (PollerKind kind : kKinds) {
    auto poller = makePoller(kind);
    CAPTURE(poller->name());
    auto start = std::chrono::steady_clock::now();
    CHECK(waitOnce(*poller, 30ms).empty());
    CHECK(std::chrono::steady_clock::now() - start >= 29ms);
  }
}
