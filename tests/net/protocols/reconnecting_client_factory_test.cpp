#include "net/protocols/reconnecting_client_factory.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <vector>

#include "tests/net/core/loopback.h"
#include "net/testing/manual_clock.h"

using namespace weft::test;
using weft::net::Address;
using weft::net::Connector;
using weft::net::Duration;
using weft::net::Reactor;
using weft::net::ReconnectingClientFactory;
using weft::net::ReconnectPolicy;
using weft::net::toSeconds;
using weft::testing::ManualClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {

// A port on 127.0.0.1 that refuses connections for as long as this object lives.
struct RefusingPort {
  std::uint16_t port = 0;
  RefusingPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    auto any = Address::loopbackIPv4(0);
    ::bind(fd, any.sockaddrPointer(), any.sockaddrLength());
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    port = Address::fromSockaddr(reinterpret_cast<sockaddr*>(&storage), length).port();
    ::close(fd);
  }
};

// Counts failures; the base class schedules the retries.
struct CountingFactory : ReconnectingClientFactory {
  using ReconnectingClientFactory::ReconnectingClientFactory;
  int failures = 0;
  int made = 0;
  std::unique_ptr<weft::net::Protocol> buildProtocol(const Address&) override {
    resetDelay();
    return std::make_unique<weft::net::Protocol>();
  }
  void clientConnectionMade(Connector&) override { ++made; }
  void clientConnectionFailed(Connector& c, const weft::net::Reason& r) override {
    ++failures;
    ReconnectingClientFactory::clientConnectionFailed(c, r);
  }
};

struct Fixture {
  ManualClock clock;
  RecordingLogger log;
  RecorderFactory servers;  // outlives the reactor, like every factory
  Reactor reactor{clock, quietConfig(log)};

  // Pumps until the factory has seen `n` failures, and returns the delay of the retry it then
  // scheduled.
  Duration delayAfterFailure(CountingFactory& factory, int n) {
    REQUIRE(pumpUntil(reactor, [&] { return factory.failures >= n; }));
    auto next = factory.nextRetry();
    REQUIRE(next.has_value());
    return *next - clock.now();
  }
};

}  // namespace

TEST_CASE("without jitter the delays follow initial * e^n, capped at the maximum") {
  Fixture f;
  RefusingPort refusing;
  ReconnectPolicy policy;
  policy.jitter = 0;
  policy.maxDelay = std::chrono::seconds(60);
  CountingFactory factory(policy);
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(refusing.port)), factory);
  const double expected[] = {2.71828, 7.38906, 20.0855, 54.5982, 60.0, 60.0};
  for (int i = 0; i < 6; ++i) {
    CAPTURE(i);
    Duration d = f.delayAfterFailure(factory, i + 1);
    CHECK(toSeconds(d) == doctest::Approx(expected[i]).epsilon(1e-4));
    f.clock.advance(d);  // the retry fires: a new attempt starts
  }
  CHECK(f.log.contains("reconnecting to tcp:127.0.0.1:"));
  CHECK(factory.retries() == 6);
}

TEST_CASE("Twisted's defaults: 1 s initial, factor e, jitter 0.1196..., max one hour") {
  ReconnectPolicy policy;
  CHECK(policy.initialDelay == std::chrono::seconds(1));
  CHECK(policy.factor == doctest::Approx(2.718281828459045));
  CHECK(policy.jitter == doctest::Approx(0.11962656472));
  CHECK(policy.maxDelay == std::chrono::seconds(3600));
  CHECK_FALSE(policy.maxRetries.has_value());
}

TEST_CASE("jitter spreads the delays; a seed makes them repeatable") {
  auto firstDelays = [](std::uint64_t seed) {
    Fixture f;
    RefusingPort refusing;
    ReconnectPolicy policy;
    policy.seed = seed;
    CountingFactory factory(policy);
    auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(refusing.port)), factory);
    std::vector<double> delays;
    for (int i = 0; i < 3; ++i) {
      Duration d = f.delayAfterFailure(factory, i + 1);
      delays.push_back(toSeconds(d));
      f.clock.advance(d);
    }
    return delays;
  };
  auto a = firstDelays(7);
  auto b = firstDelays(7);
  auto c = firstDelays(8);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a[0] != doctest::Approx(2.71828).epsilon(1e-6));  // jittered, not exact
  CHECK(std::abs(a[0] - 2.71828) < 2.71828 * 0.11962656472 * 5);  // within five sigma
}

TEST_CASE("maxRetries gives up and says so") {
  Fixture f;
  RefusingPort refusing;
  ReconnectPolicy policy;
  policy.jitter = 0;
  policy.maxRetries = 2;
  CountingFactory factory(policy);
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(refusing.port)), factory);
  f.clock.advance(f.delayAfterFailure(factory, 1));
  f.clock.advance(f.delayAfterFailure(factory, 2));
  REQUIRE(pumpUntil(f.reactor, [&] { return factory.failures == 3; }));
  CHECK_FALSE(factory.nextRetry().has_value());
  CHECK_FALSE(factory.trying());
  CHECK(f.log.contains("giving up on tcp:127.0.0.1:"));
  CHECK(f.log.contains("after 2 retries"));
}

TEST_CASE("stopTrying cancels the pending retry") {
  Fixture f;
  RefusingPort refusing;
  CountingFactory factory;
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(refusing.port)), factory);
  f.delayAfterFailure(factory, 1);
  factory.stopTrying();
  CHECK_FALSE(factory.nextRetry().has_value());
  f.clock.advance(std::chrono::hours(2));
  CHECK(connector->state() == Connector::State::Disconnected);
  CHECK(factory.failures == 1);
}

TEST_CASE("a server that comes back is reached, and resetDelay starts the backoff over") {
  Fixture f;
  RefusingPort refusing;
  ReconnectPolicy policy;
  policy.jitter = 0;
  CountingFactory factory(policy);
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(refusing.port)), factory);
  Duration first = f.delayAfterFailure(factory, 1);
  f.clock.advance(first);
  Duration second = f.delayAfterFailure(factory, 2);
  CHECK(second > first);

  auto port = f.reactor.listen(tcpServer("127.0.0.1", refusing.port), f.servers);
  REQUIRE(port.ok());
  f.clock.advance(second);
  REQUIRE(pumpUntil(f.reactor, [&] { return factory.made == 1; }));
  CHECK(factory.retries() == 0);  // resetDelay in buildProtocol
  CHECK(factory.delay() == std::chrono::seconds(1));
}

TEST_CASE("the factory may outlive its reactor with a retry pending") {
  ManualClock clock;
  RecordingLogger log;
  RefusingPort refusing;
  CountingFactory factory;  // declared before the reactor, as factories are
  {
    Reactor reactor(clock, quietConfig(log));
    auto connector = reactor.connect(clientFor(Address::loopbackIPv4(refusing.port)), factory);
    REQUIRE(pumpUntil(reactor, [&] { return factory.nextRetry().has_value(); }));
  }
  CHECK_FALSE(factory.nextRetry().has_value());  // the pending retry died with the reactor
}
