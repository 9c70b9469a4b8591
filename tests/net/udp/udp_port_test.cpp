#include "net/udp/udp_port.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/net/core/loopback.h"
#include "net/udp/datagram_protocol.h"

using namespace weft::test;
using weft::net::Address;
using weft::net::DatagramProtocol;
using weft::net::Reactor;
using weft::net::SteadyClock;
using weft::testing::pumpUntil;
using weft::testing::RecordingLogger;

namespace {
struct Collector : DatagramProtocol {
  std::vector<std::pair<std::string, Address>> received;
  bool started = false;
  bool stopped = false;
  int refused = 0;
  bool echo = false;
  void startProtocol() override { started = true; }
  void stopProtocol() override { stopped = true; }
  void datagramReceived(std::string_view data, const Address& from) override {
    if (data == "throw") throw std::runtime_error("bad datagram");
    received.emplace_back(std::string(data), from);
    if (echo) transport().write(data, from);
  }
  void connectionRefused() override { ++refused; }
};

weft::net::Endpoint udpServer(const std::string& interface = "127.0.0.1") {
  auto e = weft::net::parseServerEndpoint(
      interface.find(':') != std::string::npos ? "udp6:0:interface=[" + interface + "]"
                                               : "udp:0:interface=" + interface);
  REQUIRE(e.ok());
  return *e;
}
}  // namespace

TEST_CASE("datagrams travel between two UDP ports with their sender's address") {
  for (std::string interface : {"127.0.0.1", "::1"}) {
    CAPTURE(interface);
    SteadyClock clock;
    RecordingLogger log;
    Collector server;
    Collector client;
    server.echo = true;
    Reactor reactor(clock, quietConfig(log));
    auto serverPort = listenUdp(reactor, udpServer(interface), server);
    auto clientPort = listenUdp(reactor, udpServer(interface), client);
    REQUIRE((serverPort.ok() && clientPort.ok()));
    CHECK(server.started);
    client.transport().write("ping", (*serverPort)->address());
    REQUIRE(pumpUntil(reactor, [&] { return !client.received.empty(); }));
    CHECK(server.received[0].first == "ping");
    CHECK(server.received[0].second == (*clientPort)->address());
    CHECK(client.received[0].first == "ping");
    CHECK((*serverPort)->counters().received == 1);
    CHECK((*serverPort)->counters().sent == 1);
    serverPort->reset();
    CHECK(server.stopped);
  }
}

TEST_CASE("a connected UDP port hears that nothing listens at its peer") {
  SteadyClock clock;
  RecordingLogger log;
  Collector gone;
  Collector client;
  Reactor reactor(clock, quietConfig(log));
  auto goneAddress = [&] {
    auto port = listenUdp(reactor, udpServer(), gone);
    REQUIRE(port.ok());
    return (*port)->address();
  }();  // closed again: nothing listens there now
  auto clientPort = listenUdp(reactor, udpServer(), client);
  REQUIRE(clientPort.ok());
  client.transport().connect(goneAddress);
  client.transport().write("anyone?");
  // The refusal comes back as ICMP; the next send or receive reports it.
  REQUIRE(pumpUntil(reactor, [&] {
    client.transport().write("anyone?");
    return client.refused > 0;
  }));
}

TEST_CASE("a protocol that throws is logged and the port keeps serving") {
  SteadyClock clock;
  RecordingLogger log;
  Collector server;
  Collector client;
  Reactor reactor(clock, quietConfig(log));
  auto serverPort = listenUdp(reactor, udpServer(), server);
  auto clientPort = listenUdp(reactor, udpServer(), client);
  REQUIRE((serverPort.ok() && clientPort.ok()));
  client.transport().write("throw", (*serverPort)->address());
  client.transport().write("after", (*serverPort)->address());
  REQUIRE(pumpUntil(reactor, [&] { return !server.received.empty(); }));
  CHECK(server.received[0].first == "after");
  CHECK(log.contains("bad datagram", weft::net::LogLevel::Error));
}

TEST_CASE("a UDP port in use is refused with a clear message") {
  SteadyClock clock;
  RecordingLogger log;
  Collector a;
  Collector b;
  Reactor reactor(clock, quietConfig(log));
  auto first = listenUdp(reactor, udpServer(), a);
  REQUIRE(first.ok());
  auto taken = weft::net::parseServerEndpoint(
      "udp:" + std::to_string((*first)->address().port()) + ":interface=127.0.0.1");
  auto second = listenUdp(reactor, *taken, b);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().message.find("address already in use") != std::string::npos);
}

TEST_CASE("a UDP port outliving its reactor is inert, and its protocol was stopped") {
  SteadyClock clock;
  RecordingLogger log;
  Collector protocol;
  std::unique_ptr<weft::net::UdpPort> port;
  {
    Reactor reactor(clock, quietConfig(log));
    auto listened = listenUdp(reactor, udpServer(), protocol);
    REQUIRE(listened.ok());
    port = std::move(listened).value();
  }
  CHECK(protocol.stopped);
  CHECK_FALSE(port->listening());
  port.reset();
}
