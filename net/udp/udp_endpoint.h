// The udp: endpoint kind — "udp:PORT" (or "udp6:PORT", IPv6 only) for a UdpPort to bind, and
// "udp:HOST:PORT" naming where datagrams go. UDP has no connections: listenUdp (udp_port.h)
// binds a udp: server endpoint for a DatagramProtocol; Reactor::listen and Reactor::connect
// refuse it with a sentence saying so. Tests: tests/net/core/endpoint_test.cpp,
// tests/net/udp/udp_port_test.cpp
#pragma once

#include "net/core/endpoint.h"

namespace weft::net {

// udp:PORT[:interface=ADDR], udp6:PORT[:interface=ADDR]   (servers)
// udp:HOST:PORT, udp6:HOST:PORT, and udp:PORT, udp6:PORT for loopback   (clients)
extern const EndpointKind kUdpKind;

}  // namespace weft::net
