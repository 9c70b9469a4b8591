// Shared pieces for the discovery tests over loopback: a raw UDP peer that records what it
// receives (to send garbage or hand-made datagrams), endpoints, a server's info.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "net/core/endpoint.h"
#include "tests/net/core/loopback.h"
#include "net/discovery/discovery_wire.h"
#include "net/discovery/server_list.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/udp/datagram_protocol.h"
#include "net/udp/udp_port.h"

namespace weft::test {

constexpr std::uint32_t kArena = 0x41524e41;  // "ARNA"

inline net::LanServerInfo arenaInfo(std::string name = "den", std::uint16_t players = 1) {
  net::LanServerInfo info;
  info.name = std::move(name);
  info.gameId = kArena;
  info.protocolVersion = 3;
  info.players = players;
  info.maxPlayers = 8;
  info.gamePort = 7777;
  return info;
}

// udp:0 on one loopback address: the system picks the port, so tests never collide.
inline net::Endpoint udpOn(const std::string& interface) {
  auto e = net::parseServerEndpoint(interface.find(':') != std::string::npos
                                        ? "udp6:0:interface=[" + interface + "]"
                                        : "udp:0:interface=" + interface);
  REQUIRE(e.ok());
  return *e;
}

struct RawPeer : net::DatagramProtocol {
  std::vector<std::pair<std::string, net::Address>> received;
  void datagramReceived(std::string_view data, const net::Address& from) override {
    received.emplace_back(std::string(data), from);
  }
  void send(std::string_view datagram, const net::Address& to) { transport().write(datagram, to); }
};

// A RawPeer on its own port, closed with the object.
struct BoundPeer {
  RawPeer peer;
  std::unique_ptr<net::UdpPort> port;
  BoundPeer(net::Reactor& reactor, const std::string& interface = "127.0.0.1") {
    auto listened = listenUdp(reactor, udpOn(interface), peer);
    REQUIRE(listened.ok());
    port = std::move(listened).value();
  }
  const net::Address& address() const { return port->address(); }
};

// Keeps what a browser reported, as "added NAME", "updated NAME", "removed NAME".
struct RecordingListener : net::DiscoveryListener {
  std::vector<std::string> events;
  std::vector<net::LanServerInfo> before;  // per update
  void serverAdded(const net::DiscoveredServer& s) override { events.push_back("added " + s.info.name); }
  void serverUpdated(const net::DiscoveredServer& s, const net::LanServerInfo& b) override {
    events.push_back("updated " + s.info.name);
    before.push_back(b);
  }
  void serverRemoved(const net::DiscoveredServer& s) override {
    events.push_back("removed " + s.info.name);
  }
};

// Datagrams a server must reject, each with the reason it must count.
inline std::vector<std::pair<std::string, net::Rejection>> garbageForServer() {
  using net::Rejection;
  const std::string query = net::encodeQuery({1, kArena});
  std::string badPadding = query;
  badPadding.back() = '\x01';
  std::string newVersion = query;
  newVersion[4] = '\x02';
  return {
      {"GET / HTTP/1.0\r\n\r\n", Rejection::Foreign},
      {std::string(1200, '\xff'), Rejection::Oversized},
      {"", Rejection::Truncated},
      {query.substr(0, 17), Rejection::Truncated},
      {newVersion, Rejection::UnsupportedVersion},
      {net::encodeAnswer({1, arenaInfo()}), Rejection::WrongKind},
      {badPadding, Rejection::BadPadding},
  };
}

// Datagrams a browser must reject, each with the reason it must count.
inline std::vector<std::pair<std::string, net::Rejection>> garbageForBrowser() {
  using net::Rejection;
  const std::string answer = net::encodeAnswer({1, arenaInfo()});
  std::string badName = answer;
  badName[29] = '\x1b';
  std::string badCounts = answer;
  badCounts[23] = '\x09';  // 9 players of 8
  return {
      {std::string("\x00\x01garbage", 9), Rejection::Foreign},
      {std::string(97, 'W'), Rejection::Oversized},
      {answer.substr(0, 30), Rejection::Truncated},
      {net::encodeQuery({1, kArena}), Rejection::WrongKind},
      {answer + "!", Rejection::TrailingBytes},
      {badName, Rejection::BadName},
      {badCounts, Rejection::BadCounts},
  };
}

}  // namespace weft::test
