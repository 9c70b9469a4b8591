#include "net/core/connector.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tests/net/core/loopback.h"
#include "net/core/detail/socket.h"
#include "net/testing/manual_clock.h"

using namespace weft::test;
using weft::net::Address;
using weft::net::Connector;
using weft::net::Reactor;
using weft::net::ReactorConfig;
using weft::net::ReasonCode;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
struct Fixture {
  SteadyClock clock;
  RecordingLogger log;
  RecorderFactory servers;  // factories outlive the reactor
  RecorderClientFactory clients;
  Reactor reactor;
  explicit Fixture(ReactorConfig config = {}) : reactor(clock, withLog(config)) {}
  ReactorConfig withLog(ReactorConfig config) {
    config.logger = &log;
    return config;
  }
};

// A port number on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t closedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto any = Address::loopbackIPv4(0);
  ::bind(fd, any.sockaddrPointer(), any.sockaddrLength());
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
  auto port = Address::fromSockaddr(reinterpret_cast<sockaddr*>(&storage), length).port();
  ::close(fd);
  return port;
}
}  // namespace

TEST_CASE("a refused connection reaches clientConnectionFailed with the address in the reason") {
  Fixture f;
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(closedPort())), f.clients);
  CHECK(connector->state() == Connector::State::Connecting);
  CHECK(f.clients.connecting == 1);
  CHECK(f.clients.started == 1);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clients.failed.empty(); }));
  CHECK(f.clients.failed[0].code == ReasonCode::ConnectionRefused);
  CHECK(f.clients.failed[0].detail.find("127.0.0.1:") != std::string::npos);
  CHECK(connector->state() == Connector::State::Disconnected);
  CHECK(f.clients.stopped == 1);  // the factory's use ended with the failure
  CHECK(f.reactor.openHandles() == 0);
}

TEST_CASE("connect() again from clientConnectionLost reconnects by hand") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer(), f.servers);
  REQUIRE(port.ok());
  f.servers.configure = [](Record& r) {
    r.onData = [](Record& self, std::string_view) { self.transport().loseConnection(); };
  };
  f.clients.configure = [](Record& r) { r.greeting = "bye"; };
  int reconnects = 0;
  f.clients.onLost = [&](Connector& c) {
    if (++reconnects < 3) c.connect();
  };
  auto connector = f.reactor.connect(clientFor((*port)->address()), f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return f.clients.lost.size() == 3; }));
  CHECK(f.servers.records.size() == 3);
  CHECK(f.clients.started == 1);  // one continuous use of the factory across reconnects
  CHECK(f.clients.stopped == 1);
}

TEST_CASE("stopConnecting gives up with Cancelled") {
  // Resolution never finishes by itself here, so the attempt is still connecting.
  ReactorConfig config;
  std::atomic<bool> release{false};
  config.resolver = [&](const std::string&, std::uint16_t, Address::Family)
      -> weft::net::Result<std::vector<Address>> {
    while (!release) std::this_thread::yield();
    return weft::net::Error{"released"};
  };
  Fixture g(config);
  weft::net::Endpoint e = clientFor(Address::loopbackIPv4(1));
  e.host = "slow.test";
  e.family = Address::Family::None;
  auto connector = g.reactor.connect(e, g.clients);
  g.reactor.pump(weft::net::Duration::max());
  connector->stopConnecting();
  CHECK(g.clients.failed.size() == 1);
  CHECK(g.clients.failed[0].code == ReasonCode::Cancelled);
  release = true;
  // The late resolver answer belongs to an abandoned attempt and changes nothing.
  pumpUntil(g.reactor, [] { return false; }, std::chrono::milliseconds(50));
  CHECK(g.clients.failed.size() == 1);
}

TEST_CASE("host names resolve off the reactor thread and every address is tried") {
  ReactorConfig config;
  std::atomic<std::thread::id> resolvedOn;
  std::uint16_t listening = 0;
  config.resolver = [&](const std::string& host, std::uint16_t port, Address::Family)
      -> weft::net::Result<std::vector<Address>> {
    resolvedOn = std::this_thread::get_id();
    if (host != "game.test") return weft::net::Error{"unknown host"};
    // First an address where nothing listens, then the real one.
    return std::vector<Address>{Address::loopbackIPv4(closedPort()), Address::loopbackIPv4(port)};
  };
  Fixture f(config);
  auto port = f.reactor.listen(tcpServer(), f.servers);
  REQUIRE(port.ok());
  listening = (*port)->address().port();
  f.servers.configure = [](Record& r) { r.greeting = "welcome"; };
  weft::net::Endpoint e;
  e.role = weft::net::Endpoint::Role::Client;
  e.host = "game.test";
  e.port = listening;
  e.family = Address::Family::None;
  auto connector = f.reactor.connect(e, f.clients);
  CHECK(pumpUntil(f.reactor, [&] { return !f.clients.records.empty() && f.clients.records[0].received == "welcome"; }));
  CHECK(resolvedOn.load() != std::this_thread::get_id());
  CHECK(f.clients.failed.empty());
}

TEST_CASE("a name that does not resolve fails with ResolveFailed naming it") {
  ReactorConfig config;
  config.resolver = [](const std::string& host, std::uint16_t, Address::Family)
      -> weft::net::Result<std::vector<Address>> {
    return weft::net::Error{"cannot resolve '" + host + "': Name or service not known"};
  };
  Fixture f(config);
  weft::net::Endpoint e = clientFor(Address::loopbackIPv4(1));
  e.host = "nohost.test";
  e.family = Address::Family::None;
  auto connector = f.reactor.connect(e, f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clients.failed.empty(); }));
  CHECK(f.clients.failed[0].code == ReasonCode::ResolveFailed);
  CHECK(f.clients.failed[0].sentence() ==
        "Could not resolve host name: cannot resolve 'nohost.test': Name or service not known");
}

TEST_CASE("localhost resolves through the system resolver without blocking the frame") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer("127.0.0.1"), f.servers);
  REQUIRE(port.ok());
  f.servers.configure = [](Record& r) { r.greeting = "hello localhost"; };
  weft::net::Endpoint e = clientFor((*port)->address());
  e.host = "localhost";
  e.family = Address::Family::None;
  auto connector = f.reactor.connect(e, f.clients);
  CHECK(pumpUntil(f.reactor, [&] { return !f.clients.records.empty() && f.clients.records[0].received == "hello localhost"; }));
}

TEST_CASE("a connect that gets no answer times out on the reactor's clock") {
  weft::testing::ManualClock clock;
  RecordingLogger log;
  RecorderClientFactory clients;
  Reactor reactor(clock, quietConfig(log));
  // A listener whose backlog is full and never accepts: the kernel drops further SYNs.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  auto any = Address::loopbackIPv4(0);
  REQUIRE(::bind(listener, any.sockaddrPointer(), any.sockaddrLength()) == 0);
  REQUIRE(::listen(listener, 0) == 0);
  const Address address = weft::net::detail::localAddress(listener);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(fd, address.sockaddrPointer(), address.sockaddrLength());
    fillers.push_back(fd);
  }
  weft::net::Endpoint e = clientFor(address);
  e.timeout = std::chrono::seconds(5);
  auto connector = reactor.connect(e, clients);
  reactor.pump(weft::net::Duration::max());
  clock.advance(std::chrono::milliseconds(4999));
  CHECK(clients.failed.empty());
  clock.advance(std::chrono::milliseconds(1));
  REQUIRE(clients.failed.size() == 1);
  CHECK(clients.failed[0].code == ReasonCode::TimedOut);
  CHECK(clients.failed[0].detail.find("within 5s") != std::string::npos);
  reactor.pump(weft::net::Duration::max());
  CHECK(reactor.openHandles() == 0);
  for (int fd : fillers) ::close(fd);
  ::close(listener);
}

TEST_CASE("destroying a connector mid-attempt tells the factory nothing but stopFactory") {
  Fixture f;
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(closedPort())), f.clients);
  connector.reset();
  pumpUntil(f.reactor, [] { return false; }, std::chrono::milliseconds(50));
  CHECK(f.clients.failed.empty());
  CHECK(f.clients.stopped == 1);
  CHECK(f.reactor.openHandles() == 0);
}

TEST_CASE("destroying a connected connector closes its connection; its protocol hears it") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer(), f.servers);
  REQUIRE(port.ok());
  auto connector = f.reactor.connect(clientFor((*port)->address()), f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return connector->state() == Connector::State::Connected; }));
  connector.reset();
  // At once, not at the next pump: the protocol may refer to things about to go too.
  REQUIRE(f.clients.records[0].lost.has_value());
  CHECK(f.clients.records[0].lost->code == ReasonCode::Aborted);
  CHECK(f.clients.lost.empty());
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.servers.records.empty() && f.servers.records[0].lost.has_value(); }));
  CHECK(f.servers.records[0].lost->code == ReasonCode::ConnectionLost);  // a reset
}

TEST_CASE("connect while already connecting is ignored with a warning") {
  Fixture f;
  auto connector = f.reactor.connect(clientFor(Address::loopbackIPv4(closedPort())), f.clients);
  connector->connect();
  CHECK(f.log.contains("already connecting", weft::net::LogLevel::Warning));
  CHECK(f.clients.connecting == 1);
}

TEST_CASE("an endpoint that cannot carry a connection fails with a reason, not an assert") {
  Fixture f;
  auto udp = weft::net::parseClientEndpoint("udp:127.0.0.1:9");
  auto server = weft::net::parseServerEndpoint("tcp:0");
  REQUIRE((udp.ok() && server.ok()));
  auto a = f.reactor.connect(*udp, f.clients);
  auto b = f.reactor.connect(*server, f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return f.clients.failed.size() == 2; }));
  CHECK(f.clients.failed[0].detail.find("UDP carries datagrams") != std::string::npos);
  CHECK(f.clients.failed[1].detail.find("is a listening endpoint") != std::string::npos);
}
