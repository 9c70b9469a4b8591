// EndpointKind: one kind of endpoint string ("tcp:", "enet:") as a constant its transport
// defines — prefixes, the fields each role takes — so the generic parser and the reactor serve
// every kind alike (Twisted's endpoint parser plug-ins, as constants instead of a registry).
// Tests: tests/net/core/endpoint_test.cpp, tests/net/core/endpoint_kind_test.cpp
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "net/core/clock.h"
#include "net/core/endpoint.h"
#include "net/core/result.h"

namespace weft::net {

namespace detail {
struct EndpointTransport;
}

// How an endpoint being parsed was spelled: its kind, and whether with the kind's IPv6-only
// prefix ("tcp6:" for tcp). What a field's parser may need beyond the value.
struct EndpointSpelling {
  const EndpointKind& kind;
  bool ipv6Only = false;
  std::string_view name() const;  // the prefix as written, for messages: "tcp6"
};

// One value an endpoint string can set: a positional field ("tcp:PORT") or a key=value option
// ("backlog=50"). Core's shared fields live in Endpoint's named members (endpoint_fields below);
// a kind's own options live in Endpoint::options, in the slots the kind gives them.
struct EndpointField {
  std::string_view name;  // the key in key=value, and the field's name in messages
  bool required;          // a positional field that must be given (a port, a path)
  // Sets the field from its unescaped, non-empty text; `endpoint` already holds its kind's
  // defaults and its role. The error names the field and the value ("port '77x7' is not a
  // number"); the parser puts the whole input in front.
  Result<void> (*parse)(std::string_view value, const EndpointSpelling& spelling,
                        Endpoint& endpoint);
  // The field as the canonical string spells it, escaped; "" for an option at its default.
  std::string (*print)(const Endpoint& endpoint);
};

// A short list of fields that a constexpr kind can spell inline; more than fit fails to compile.
class EndpointFieldList {
 public:
  constexpr EndpointFieldList() = default;
  constexpr EndpointFieldList(std::initializer_list<const EndpointField*> fields) {
    for (const EndpointField* f : fields) fields_[size_++] = f;
  }
  constexpr const EndpointField* const* begin() const { return fields_.data(); }
  constexpr const EndpointField* const* end() const { return fields_.data() + size_; }
  constexpr std::size_t size() const { return size_; }
  constexpr const EndpointField* operator[](std::size_t i) const { return fields_[i]; }
  constexpr bool contains(const EndpointField& f) const {
    return std::find(begin(), end(), &f) != end();
  }

 private:
  std::array<const EndpointField*, 8> fields_{};
  std::size_t size_ = 0;
};

// What one kind takes in one role.
struct EndpointRoleFields {
  // In order, as in "tcp:HOST:PORT"; each may also be given as key=value. When the list is
  // {host, port} and only a number is given, it is the port and the host stays loopback.
  EndpointFieldList positional;
  EndpointFieldList options;  // key=value only, in the order toString prints them
};

// How a kind addresses the other end.
enum class EndpointAddressing : std::uint8_t {
  Ip,        // host (or interface) and port; IPv4 unless a numeric IPv6 address says otherwise
  Ipv4Only,  // host (or interface) and port, IPv4 only
  Path,      // a filesystem path (Unix sockets): no host, no port
};

// How transports plug in. A kind is a constexpr constant its transport defines and declares in
// its header (kTcpKind in endpoint.h, kUdpKind in net/udp/udp_endpoint.h, kEnetKind in
// net/enet/enet_endpoint.h); an Endpoint points at its kind, and Reactor::listen and
// Reactor::connect call the kind's transport hooks. Nothing registers a kind: a parser is given
// a table of them (builtinEndpointKinds() in net/endpoints/builtin_endpoints.h, a layer above
// the transports, or a table of the caller's own), so a new transport is a new kind and a new
// table, and core is not edited. A registry would need a mutable global, and registration from
// static initialisers, which the linker drops from a static library when nothing references
// them; a table that names its kinds keeps them all, and is constant-initialised.
struct EndpointKind {
  std::string_view name;      // the prefix ("tcp"), and the kind's name in messages
  std::string_view ipv6Name;  // a second prefix meaning IPv6 only ("tcp6"); empty if none
  EndpointAddressing addressing;
  std::string_view ipv4OnlyNote;  // Ipv4Only: why, as messages say it ("ENet speaks IPv4 only")
  EndpointRoleFields server;
  EndpointRoleFields client;
  // How the reactor listens and connects for this kind (net/core/detail/endpoint_transport.h).
  const detail::EndpointTransport* transport;

  constexpr const EndpointRoleFields& fields(Endpoint::Role role) const {
    return role == Endpoint::Role::Server ? server : client;
  }
};

// The fields core's kinds share, kept in Endpoint's named members; any kind may list them.
namespace endpoint_fields {
extern const EndpointField kHost;       // client: a numeric address or a name; sets family
extern const EndpointField kInterface;  // server: a numeric address; sets family
extern const EndpointField kPort;       // 0-65535 on a server, 1-65535 on a client
extern const EndpointField kPath;       // fits in sockaddr_un, no NUL
extern const EndpointField kBacklog;    // 1-65535
extern const EndpointField kTimeout;    // seconds, above 0 and at most a day
}  // namespace endpoint_fields

// For a kind's own option parsers, so every option words its errors alike.
// Digits only (no sign, no spaces) in [low, high]: "channels 0 is out of range (1-255)".
Result<std::int64_t> parseEndpointInteger(std::string_view what, std::string_view text,
                                          std::int64_t low, std::int64_t high);
// Decimal seconds ("5", "0.25") from 0 (when `zeroAllowed`; else above it) to `most`:
// "batch '2' must be at most 1 second".
Result<Duration> parseEndpointSeconds(std::string_view what, std::string_view text,
                                      bool zeroAllowed, Duration most);
// The inverse, as toString prints seconds: "30", "1.5", "0.016".
std::string formatEndpointSeconds(Duration duration);

}  // namespace weft::net
