// Endpoint: where to listen or connect, parsed from the one string syntax every CLI flag uses
// (Twisted's serverFromString / clientFromString): "tcp:7777", "tcp:HOST:7777", "unix:PATH"...
// Tests: tests/net/core/endpoint_test.cpp
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net {

struct Endpoint {
  enum class Kind : std::uint8_t { Tcp, Unix, Udp };
  enum class Role : std::uint8_t { Server, Client };

  Kind kind = Kind::Tcp;
  Role role = Role::Server;
  // IPv4 or IPv6 when known (tcp6/udp6, or a numeric host/interface); None when `host` is a
  // name to resolve, which a client connector resolves off the reactor thread.
  Address::Family family = Address::Family::IPv4;
  // Server: the interface to bind ("" = all). Client: the host name or numeric address.
  std::string host;
  std::uint16_t port = 0;  // 0 on a server picks a free port (see Port::address())
  std::string path;        // Unix sockets
  std::optional<Duration> timeout;  // client connect timeout ("timeout=5"); default 30 s
  int backlog = 128;                // server listen backlog ("backlog=N")

  // The canonical string for this endpoint; parsing it gives the same Endpoint back.
  std::string toString() const;
};

// Server syntax: tcp:PORT[:interface=ADDR][:backlog=N], tcp6:PORT[...], unix:PATH[:backlog=N],
// udp:PORT[:interface=ADDR], udp6:PORT[...].
// Errors name the bad part: "tcp:77x7: port '77x7' is not a number".
Result<Endpoint> parseServerEndpoint(std::string_view text);

// Client syntax: tcp:HOST:PORT[:timeout=SECONDS], tcp:PORT (127.0.0.1), tcp6:[::1]:PORT,
// tcp:host=HOST:port=PORT, unix:PATH[:timeout=SECONDS], udp:HOST:PORT.
Result<Endpoint> parseClientEndpoint(std::string_view text);

}  // namespace weft::net
