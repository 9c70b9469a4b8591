// Endpoint: where to listen or connect, parsed from the one string syntax every CLI flag uses
// (Twisted's serverFromString / clientFromString): "tcp:7777", "tcp:HOST:7777", "unix:PATH"...
// Tests: tests/net/core/endpoint_test.cpp, tests/fuzz/endpoint_fuzz.cpp
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net {

struct EndpointKind;  // net/core/endpoint_kind.h

// Core's own kinds, whose sockets core implements (net/core/stream_endpoints.cpp): TCP, spelled
// "tcp:" (IPv4 unless an IPv6 address says otherwise) or "tcp6:" (IPv6 only), and Unix stream
// sockets, "unix:". Other transports declare theirs: kUdpKind (net/udp/udp_endpoint.h),
// kEnetKind (net/enet/enet_endpoint.h).
extern const EndpointKind kTcpKind;
extern const EndpointKind kUnixKind;

// A value type: parse one, copy it, compare it, print it. A default Endpoint is "tcp:0", a TCP
// server on every IPv4 interface and a port the OS picks.
struct Endpoint {
  enum class Role : std::uint8_t { Server, Client };

  static constexpr int kDefaultBacklog = 128;
  static constexpr Duration kDefaultTimeout = std::chrono::seconds(30);
  static constexpr std::size_t kOptionSlots = 8;

  // What kind of endpoint this is: never null, a constant with static storage, so kinds compare
  // by address (endpoint.kind == &kEnetKind).
  const EndpointKind* kind = &kTcpKind;
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
  // The kind's own options (ENet's channels, peers...), in the slots its fields give them
  // meaning. Zero in every slot means the kind's defaults, so an Endpoint made by hand is a
  // valid one. Read them through the kind's accessor (enetOptions in net/enet/enet_endpoint.h).
  std::array<std::int64_t, kOptionSlots> options{};

  // The canonical string: every option the kind takes that differs from its default, hosts in
  // the form above, IPv6 hosts in brackets, ':' '=' '\' escaped in paths. Parsing it (with the
  // parser for this role, and a table holding its kind) gives an equal Endpoint back.
  std::string toString() const;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// The kinds a parser recognises, by prefix, in the order its messages list them.
using EndpointKinds = std::span<const EndpointKind* const>;

// The syntax, as in Twisted: fields separated by ':', the first one the type, then positional
// values, then key=value options in any order (a positional value may also be given by its
// key: "tcp:port=7777"). A backslash makes the next character plain ("unix:/tmp/a\:b.sock").
// An IPv6 address goes in brackets, inside which ':' does not separate ("tcp:[::1]:7777").
// Which fields and options each kind takes is the kind's (see the kinds' headers, and
// net/endpoints/builtin_endpoints.h for weft's own; its parseServerEndpoint(text) and
// parseClientEndpoint(text) are the ones a tool calls).
//
// Errors are one line, start with the whole input and name the bad part:
// "tcp:77x7: port '77x7' is not a number".
Result<Endpoint> parseServerEndpoint(std::string_view text, EndpointKinds kinds);
Result<Endpoint> parseClientEndpoint(std::string_view text, EndpointKinds kinds);

}  // namespace weft::net
