// Endpoint: where to listen or connect, parsed from the one string syntax every CLI flag uses
// (Twisted's serverFromString / clientFromString): "tcp:7777", "tcp:HOST:7777", "unix:PATH"...
// Tests: tests/net/core/endpoint_test.cpp, tests/fuzz/endpoint_fuzz.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net {

// A value type: parse one, copy it, compare it, print it. A default Endpoint is "tcp:0", a TCP
// server on every IPv4 interface and a port the OS picks.
struct Endpoint {
  enum class Kind : std::uint8_t { Tcp, Unix, Udp, Enet };
  enum class Role : std::uint8_t { Server, Client };

  static constexpr int kDefaultBacklog = 128;
  static constexpr Duration kDefaultTimeout = std::chrono::seconds(30);
  static constexpr int kDefaultChannels = 4;
  static constexpr int kDefaultPeers = 64;

  Kind kind = Kind::Tcp;
  Role role = Role::Server;
  // IPv4 or IPv6 when `host` is a numeric address (or tcp6/udp6 forces IPv6); None when `host`
  // is a name, which a client connector resolves off the reactor thread; Unix for unix:.
  Address::Family family = Address::Family::IPv4;
  // Server: the numeric interface to bind, "0.0.0.0" or "::" for all. Client: a host name or a
  // numeric address, "127.0.0.1" or "::1" when the string gave only a port. Numeric addresses
  // are kept in the form inet_ntop prints, so "0:0::1" and "::1" give equal endpoints.
  std::string host = "0.0.0.0";
  std::uint16_t port = 0;              // 0 on a server: the OS picks a free port
  std::string path;                    // unix: the socket path; fits in sockaddr_un
  Duration timeout = kDefaultTimeout;  // client: give up connecting after this long
  int backlog = kDefaultBacklog;       // server: the listen queue for tcp and unix
  // enet: channels per connection (both ends should agree; a connection gets the smaller
  // count), connections a server accepts, and bandwidth limits in bytes/s (0: unlimited).
  int channels = kDefaultChannels;
  int peers = kDefaultPeers;
  std::uint32_t bandwidthIn = 0;
  std::uint32_t bandwidthOut = 0;
  // enet server: datagrams arriving within `batch` of the last service wait in the socket and
  // are served together, so a busy server wakes at most once per batch and answers a tick's
  // messages in one pass (fewer system calls per message, up to `batch` more latency). Zero,
  // the default: each datagram is served as it arrives.
  Duration batch{};

  // The canonical string: every option the kind takes that differs from its default, hosts in
  // the form above, IPv6 hosts in brackets, ':' '=' '\' escaped in paths. Parsing it (with the
  // parser for this role) gives an equal Endpoint back.
  std::string toString() const;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// The syntax, as in Twisted: fields separated by ':', the first one the type, then positional
// values, then key=value options in any order (a positional value may also be given by its
// key: "tcp:port=7777"). A backslash makes the next character plain ("unix:/tmp/a\:b.sock").
// An IPv6 address goes in brackets, inside which ':' does not separate ("tcp:[::1]:7777").
//
// Errors are one line, start with the whole input and name the bad part:
// "tcp:77x7: port '77x7' is not a number".

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
