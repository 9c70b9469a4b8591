// One contract, every Poller: the same cases run against epoll and poll().
#include "net/core/poller.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
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

// Every poller weft can run on: epoll with and without the io_uring doorbell, and poll().
struct Kind {
  PollerKind kind;
  bool doorbell;
};
const Kind kKinds[] = {
    {PollerKind::Epoll, true}, {PollerKind::Epoll, false}, {PollerKind::Poll, false}};

std::unique_ptr<weft::net::Poller> make(Kind k) {
  return makePoller(k.kind, k.doorbell);
}

// True when this kernel offers io_uring to this process (not disabled by sysctl).
bool kernelOffersIoUring() {
  std::FILE* f = std::fopen("/proc/sys/kernel/io_uring_disabled", "r");
  if (!f) return true;  // the sysctl predates io_uring_disabled: io_uring is on
  int disabled = 0;
  bool read = std::fscanf(f, "%d", &disabled) == 1;
  std::fclose(f);
  return read && disabled == 0;
}

}  // namespace

TEST_CASE("a quiet socket is not reported, and a zero wait returns at once") {
  for (Kind kind : kKinds) {
    auto poller = make(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 7, Interest::Read).ok());
    auto start = std::chrono::steady_clock::now();
    CHECK(waitOnce(*poller, 0ms).empty());
    CHECK(std::chrono::steady_clock::now() - start < 100ms);
  }
}

TEST_CASE("readable data is reported with the registration's token, again and again until read") {
  for (Kind kind : kKinds) {
    auto poller = make(kind);
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
  for (Kind kind : kKinds) {
    auto poller = make(kind);
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
  for (Kind kind : kKinds) {
    auto poller = make(kind);
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
  for (Kind kind : kKinds) {
    auto poller = make(kind);
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
  for (Kind kind : kKinds) {
    auto poller = make(kind);
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
  for (Kind kind : kKinds) {
    auto poller = make(kind);
    CAPTURE(poller->name());
    auto start = std::chrono::steady_clock::now();
    CHECK(waitOnce(*poller, 30ms).empty());
    CHECK(std::chrono::steady_clock::now() - start >= 29ms);
  }
}

TEST_CASE("mayHaveEvents never hides a ready socket, and the doorbell knows when all is quiet") {
  for (Kind kind : kKinds) {
    auto poller = make(kind);
    CAPTURE(poller->name());
    SocketPair pair;
    REQUIRE(poller->add(pair.a, 9, Interest::Read).ok());
    CHECK(waitOnce(*poller, 0ms).empty());
    CHECK(waitOnce(*poller, 0ms).empty());
    const bool doorbell = poller->name() == "epoll+io_uring";
    if (doorbell) CHECK_FALSE(poller->mayHaveEvents());  // idle: no system call needed

    REQUIRE(::write(pair.b, "w", 1) == 1);
    // The doorbell rings from the kernel side, with no wait call in between.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!poller->mayHaveEvents() && std::chrono::steady_clock::now() < deadline) {
    }
    CHECK(poller->mayHaveEvents());
    auto events = waitOnce(*poller, 0ms);
    REQUIRE(events.size() == 1);
    CHECK(events[0].token == 9);
    // Still ready (unread), so the poller keeps looking until a wait comes back empty.
    CHECK(poller->mayHaveEvents());
    CHECK(waitOnce(*poller, 0ms).size() == 1);
    char c;
    REQUIRE(::read(pair.a, &c, 1) == 1);
    CHECK(waitOnce(*poller, 0ms).empty());
    if (doorbell) CHECK_FALSE(poller->mayHaveEvents());
  }
}

TEST_CASE("on a kernel that offers io_uring, the default epoll poller uses the doorbell") {
  if (!kernelOffersIoUring()) {
    MESSAGE("io_uring is disabled on this kernel: the epoll poller waits every pump instead");
    CHECK(makePoller(PollerKind::Epoll, true)->name() == "epoll");
    return;
  }
  CHECK(makePoller(PollerKind::Epoll, true)->name() == "epoll+io_uring");
  CHECK(makePoller(PollerKind::Epoll, false)->name() == "epoll");
}
