#include "net/core/port.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "tests/net/core/loopback.h"

using namespace weft::test;
using weft::net::Reactor;
using weft::net::ReasonCode;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
struct Fixture {
  SteadyClock clock;
  RecordingLogger log;
  RecorderFactory factory;  // factories outlive the reactor
  RecorderClientFactory clients;
  Reactor reactor{clock, quietConfig(log)};
};
}  // namespace

TEST_CASE("listening on port 0 picks a free port and reports it") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer("127.0.0.1", 0), f.factory);
  REQUIRE(port.ok());
  CHECK((*port)->address().port() != 0);
  CHECK((*port)->address().host() == "127.0.0.1");
  CHECK((*port)->listening());
  CHECK(f.reactor.openHandles() == 1);
}

TEST_CASE("a port already in use is refused with a message naming the cause") {
  Fixture f;
  auto first = f.reactor.listen(tcpServer("127.0.0.1", 0), f.factory);
  REQUIRE(first.ok());
  auto second = f.reactor.listen(tcpServer("127.0.0.1", (*first)->address().port()), f.factory);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().message.find("address already in use") != std::string::npos);
  CHECK(f.factory.started == 1);  // the failed listen did not start the factory
}

TEST_CASE("startFactory runs before the first port and stopFactory after the last") {
  Fixture f;
  auto a = f.reactor.listen(tcpServer(), f.factory);
  auto b = f.reactor.listen(tcpServer(), f.factory);
  REQUIRE((a.ok() && b.ok()));
  CHECK(f.factory.started == 1);
  (*a)->stopListening();
  CHECK(f.factory.stopped == 0);
  b->reset();
  CHECK(f.factory.stopped == 1);
}

TEST_CASE("a factory that refuses a connection closes it and keeps serving others") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer(), f.factory);
  REQUIRE(port.ok());
  f.factory.refuse = true;
  auto refused = f.reactor.connect(clientFor((*port)->address()), f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clients.lost.empty(); }));
  CHECK(f.factory.records.empty());
  CHECK((*port)->counters().connectionsRefused == 1);

  f.factory.refuse = false;
  f.factory.configure = [](Record& r) { r.echo = true; };
  f.clients.configure = [](Record& r) { r.greeting = "hi"; };
  auto accepted = f.reactor.connect(clientFor((*port)->address()), f.clients);
  CHECK(pumpUntil(f.reactor, [&] { return f.clients.records.size() == 2 &&
                                         f.clients.records[1].received == "hi"; }));
}

TEST_CASE("a buildProtocol that throws refuses only that connection") {
  struct Throwing : weft::net::ServerFactory {
    int calls = 0;
    std::unique_ptr<weft::net::Protocol> buildProtocol(const weft::net::Address&) override {
      if (++calls == 1) throw std::runtime_error("database down");
      return std::make_unique<weft::net::Protocol>();
    }
  };
  Throwing factory;
  Fixture f;
  auto port = f.reactor.listen(tcpServer(), factory);
  REQUIRE(port.ok());
  auto first = f.reactor.connect(clientFor((*port)->address()), f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clients.lost.empty(); }));
  CHECK(f.log.contains("database down", weft::net::LogLevel::Error));
  auto second = f.reactor.connect(clientFor((*port)->address()), f.clients);
  CHECK(pumpUntil(f.reactor, [&] { return factory.calls == 2; }));
  CHECK(f.clients.lost.size() == 1);
}

TEST_CASE("stopping a port keeps the connections it already accepted") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer(), f.factory);
  REQUIRE(port.ok());
  f.factory.configure = [](Record& r) { r.echo = true; };
  auto connector = f.reactor.connect(clientFor((*port)->address()), f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clients.records.empty() && f.clients.records[0].made; }));
  const auto address = (*port)->address();
  port->reset();
  f.clients.records[0].transport().write("still echoing");
  CHECK(pumpUntil(f.reactor, [&] { return f.clients.records[0].received == "still echoing"; }));

  auto late = f.reactor.connect(clientFor(address), f.clients);
  REQUIRE(pumpUntil(f.reactor, [&] { return !f.clients.failed.empty(); }));
  CHECK(f.clients.failed[0].code == ReasonCode::ConnectionRefused);
}

TEST_CASE("IPv6 loopback listens and connects") {
  Fixture f;
  auto port = f.reactor.listen(tcpServer("::1"), f.factory);
  REQUIRE(port.ok());
  CHECK((*port)->address().family() == weft::net::Address::Family::IPv6);
  f.factory.configure = [](Record& r) { r.greeting = "v6"; };
  auto connector = f.reactor.connect(clientFor((*port)->address()), f.clients);
  CHECK(pumpUntil(f.reactor, [&] { return !f.clients.records.empty() && f.clients.records[0].received == "v6"; }));
}

TEST_CASE("Unix sockets: a stale socket file is replaced, a live one is refused, both removed after") {
  Fixture f;
  TempDir dir;
  const std::string path = dir.file("chat.sock");
  {  // leave a socket file behind with nothing listening on it
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    auto address = weft::net::Address::fromUnixPath(path);
    REQUIRE(::bind(fd, address->sockaddrPointer(), address->sockaddrLength()) == 0);
    ::close(fd);
  }
  auto port = f.reactor.listen(unixServer(path), f.factory);
  REQUIRE(port.ok());
  auto again = f.reactor.listen(unixServer(path), f.factory);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message.find("in use by a running server") != std::string::npos);

  f.factory.configure = [](Record& r) { r.greeting = "local"; };
  auto connector = f.reactor.connect(clientFor((*port)->address()), f.clients);
  CHECK(pumpUntil(f.reactor, [&] { return !f.clients.records.empty() && f.clients.records[0].received == "local"; }));
  port->reset();
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("destroying the reactor closes connections and stops factories") {
  SteadyClock clock;
  RecordingLogger log;
  RecorderFactory factory;
  RecorderClientFactory clients;
  std::unique_ptr<weft::net::Port> port;
  std::unique_ptr<weft::net::Connector> connector;
  {
    Reactor reactor(clock, quietConfig(log));
    auto listened = reactor.listen(tcpServer(), factory);
    REQUIRE(listened.ok());
    port = std::move(listened).value();
    connector = reactor.connect(clientFor(port->address()), clients);
    REQUIRE(pumpUntil(reactor, [&] { return !factory.records.empty() && !clients.records.empty() &&
                                            clients.records[0].made; }));
  }
  CHECK(factory.records[0].lost->code == ReasonCode::ShuttingDown);
  CHECK(clients.records[0].lost->code == ReasonCode::ShuttingDown);
  CHECK(factory.stopped == 1);
  CHECK(clients.stopped == 1);
  CHECK_FALSE(port->listening());
  port.reset();       // handles that outlive their reactor are inert
  connector.reset();
}
