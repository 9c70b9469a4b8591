// DiscoveryBrowser: a LAN server browser — sends a discovery query every interval (to the
// LAN broadcast address unless told otherwise) and keeps the list of servers that answer, with
// their round-trip times, on the reactor's own socket and scheduler. Wire format: WIRE.md.
// Tests: tests/net/discovery/discovery_browser_test.cpp
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "net/core/looping_call.h"
#include "net/core/reactor.h"
#include "net/core/result.h"
#include "net/discovery/server_list.h"
#include "net/udp/datagram_protocol.h"
#include "net/udp/udp_port.h"

namespace weft::net {

// ServerListConfig's fields (gameId, serverTimeout, ...) plus where and how often to ask.
struct DiscoveryBrowserConfig : ServerListConfig {
  // Numeric. The default reaches every host on the local network segment; a subnet broadcast
  // ("192.168.1.255") or one server's address ("127.0.0.1", "::1") works too.
  std::string address = "255.255.255.255";
  std::uint16_t port = kDiscoveryPort;  // the servers' discovery port
  // The local address to bind (port: any). Empty: every interface of the address's family.
  std::string interface;
  Duration queryInterval = std::chrono::seconds(1);  // below serverTimeout
};

class DiscoveryBrowser final : private DatagramProtocol {
 public:
  // Binds a socket, sends the first query at once and then every queryInterval. Errors name
  // the bad value ("discovery browser: address '256.0.0.1' is not a numeric ..."). The reactor
  // and `listener` (may be null: read servers() instead) must outlive the browser.
  static Result<std::unique_ptr<DiscoveryBrowser>> start(Reactor& reactor,
                                                         DiscoveryBrowserConfig config,
                                                         DiscoveryListener* listener = nullptr);
  ~DiscoveryBrowser() override;
  DiscoveryBrowser(const DiscoveryBrowser&) = delete;
  DiscoveryBrowser& operator=(const DiscoveryBrowser&) = delete;

  // Asks again now (a refresh button), without moving the regular queries.
  void queryNow();

  // In the order they were first seen; what a UI reads each frame.
  const std::vector<DiscoveredServer>& servers() const { return list_.servers(); }
  DiscoveryBrowserCounters counters() const;
  // The browser's own socket (where answers come back).
  const Address& address() const { return port_->address(); }
  const Address& queryAddress() const { return target_; }

 private:
  DiscoveryBrowser(Reactor& reactor, const DiscoveryBrowserConfig& config, Address target,
                   DiscoveryListener* listener);
  void tick();
  void sendQuery(TimePoint now);
  void datagramReceived(std::string_view data, const Address& from) override;

  Reactor& reactor_;
  Address target_;
  ServerList list_;
  std::unique_ptr<UdpPort> port_;
  bool loggedSendFailure_ = false;
  LoopingCall queries_;  // after port_: stops before the socket closes
};

}  // namespace weft::net
