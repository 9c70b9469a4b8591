// UdpPort: a bound UDP socket serving one DatagramProtocol, as an RAII handle — destroying it
// stops the protocol and closes the socket. Tests: tests/net/udp/udp_port_test.cpp
#pragma once

#include <cstdint>
#include <memory>

#include "net/core/address.h"
#include "net/core/endpoint.h"
#include "net/core/reactor.h"

namespace weft::net {

class DatagramProtocol;
class Reactor;
class UdpPort;

namespace detail {
class ReactorLink;
}

// Binds a UDP port (a udp: or udp6: server endpoint) for `protocol`, which must outlive the
// UdpPort: UDP's own door, beside Reactor::listen for connections. Errors name the cause:
// "udp:9000: address already in use (is another program using UDP port 9000?)".
Result<std::unique_ptr<UdpPort>> listenUdp(Reactor& reactor, const Endpoint& endpoint,
                                           DatagramProtocol& protocol);

struct DatagramCounters {
  std::uint64_t received = 0;
  std::uint64_t sent = 0;
  std::uint64_t dropped = 0;  // writes the socket refused (full buffer, unreachable...)
};

class UdpPort final {
 public:
  ~UdpPort();
  UdpPort(const UdpPort&) = delete;
  UdpPort& operator=(const UdpPort&) = delete;

  // Where it is bound, with the port the system picked for "udp:0".
  const Address& address() const { return address_; }
  DatagramCounters counters() const;
  void stopListening();
  bool listening() const { return handle_ != 0; }

 private:
  friend Result<std::unique_ptr<UdpPort>> listenUdp(Reactor&, const Endpoint&, DatagramProtocol&);
  UdpPort(Reactor& reactor, std::uint64_t handle, Address address);

  std::unique_ptr<detail::ReactorLink> link_;  // null reactor once the reactor went first
  std::uint64_t handle_;                       // the socket's detail::HandleId; 0 once stopped
  Address address_;
  DatagramCounters counters_;  // kept after stopListening
};

}  // namespace weft::net
