// weft's built-in endpoint kinds as one table — tcp and tcp6, unix (net/core), udp and udp6
// (net/udp), enet (net/enet) — and the parsers over it that every --listen and --connect flag
// uses. It sits above the transports, so core knows none of them. Tests:
// tests/net/core/endpoint_test.cpp, tests/fuzz/endpoint_fuzz.cpp
#pragma once

#include <string_view>

#include "net/core/endpoint.h"
#include "net/core/result.h"

namespace weft::net {

// In the order error messages list them: tcp, tcp6, unix, udp, udp6, enet. A program with a
// transport of its own parses with a table of its own (parseServerEndpoint(text, kinds)).
EndpointKinds builtinEndpointKinds();

// What each kind takes (see also net/core/endpoint.h for the syntax and net/udp/udp_endpoint.h,
// net/enet/enet_endpoint.h for those kinds):
// tcp:PORT[:interface=ADDR][:backlog=N]   an IPv6 interface (in brackets) makes it IPv6
// tcp6:PORT[:interface=ADDR][:backlog=N]  IPv6 only; the interface defaults to "::"
// unix:PATH[:backlog=N]
// udp:PORT[:interface=ADDR], udp6:PORT[:interface=ADDR]
// enet:PORT[:interface=ADDR][:channels=C][:peers=P][:in=BYTES][:out=BYTES][:batch=SECONDS]
//   IPv4 only
// PORT may be 0; ADDR must be numeric (no DNS when listening); N is 1-65535; C is 1-255,
// P is 1-4094 (default 64), BYTES a number of bytes per second (0, the default: no limit),
// SECONDS a decimal from 0 (the default) to 1, e.g. batch=0.016 for a 60 Hz server.
Result<Endpoint> parseServerEndpoint(std::string_view text);

// tcp:HOST:PORT[:timeout=SECONDS]   tcp:PORT means 127.0.0.1; HOST may be a name or [IPv6]
// tcp6:HOST:PORT[:timeout=SECONDS]  IPv6 only; tcp6:PORT means ::1
// unix:PATH[:timeout=SECONDS]
// udp:HOST:PORT, udp6:HOST:PORT     (and udp:PORT, udp6:PORT for loopback)
// enet:HOST:PORT[:timeout=SECONDS][:channels=C][:in=BYTES][:out=BYTES]   IPv4 only
// PORT is 1-65535; SECONDS is a decimal ("5", "0.25") above 0 and at most a day.
Result<Endpoint> parseClientEndpoint(std::string_view text);

}  // namespace weft::net
