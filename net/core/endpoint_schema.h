// The endpoint kinds weft knows and the fields each takes as server or client, with how each
// field's value is parsed and printed: the data the generic parser in endpoint.cpp runs on.
// Tests: tests/net/core/endpoint_test.cpp (through parseServerEndpoint / parseClientEndpoint)
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "net/core/endpoint.h"
#include "net/core/result.h"

namespace weft::net::detail {

// Every value an endpoint string can set. A new option (ENet's "channels") is a Field here, a
// row in endpointFields() with its parser and printer, and a member on Endpoint.
enum class Field : std::uint8_t {
  Host, Interface, Port, Path, Backlog, Timeout, Channels, Peers, BandwidthIn, BandwidthOut,
  Batch
};

// A short list of fields that a constexpr table row can spell inline. A row with more fields
// than fit fails to compile, since the tables are constant-evaluated.
class FieldList {
 public:
  constexpr FieldList() = default;
  constexpr FieldList(std::initializer_list<Field> fields) {
    for (Field f : fields) fields_[size_++] = f;
  }
  constexpr const Field* begin() const { return fields_.data(); }
  constexpr const Field* end() const { return fields_.data() + size_; }
  constexpr std::size_t size() const { return size_; }
  constexpr Field operator[](std::size_t i) const { return fields_[i]; }
  constexpr bool contains(Field f) const { return std::find(begin(), end(), f) != end(); }

 private:
  std::array<Field, 6> fields_{};
  std::size_t size_ = 0;
};

// What one kind takes in one role.
struct RoleSpec {
  // In order, as in "tcp:HOST:PORT"; each may also be given as key=value. When the list is
  // {Host, Port} and only a number is given, it is the port and the host stays loopback.
  FieldList positional;
  FieldList options;  // key=value only, in the order toString prints them
  constexpr bool takes(Field f) const { return positional.contains(f) || options.contains(f); }
};

// One endpoint type. A new kind (ENet's "enet:PORT", "enet:HOST:PORT") is one row in
// endpointKinds() and one Endpoint::Kind.
struct KindSpec {
  std::string_view name;
  Endpoint::Kind kind;
  // IPv4: IPv4 unless a numeric IPv6 host or interface says otherwise (tcp, udp). IPv6: IPv6
  // only (tcp6, udp6). Unix: a path instead of a host and port.
  Address::Family family;
  RoleSpec server;
  RoleSpec client;

  constexpr const RoleSpec& role(Endpoint::Role r) const {
    return r == Endpoint::Role::Server ? server : client;
  }
};

struct FieldSpec {
  Field field;
  std::string_view name;  // the key in key=value, and the field's name in messages
  bool required;          // a positional field that must be given (a port, a path)
  // Sets the field from its unescaped, non-empty text; `endpoint` already has the kind's
  // defaults and its role. The error names the field and the value: "port '77x7' is not ...".
  Result<void> (*parse)(std::string_view value, const KindSpec& kind, Endpoint& endpoint);
  // The field as the canonical string spells it, escaped; "" for an option at its default.
  std::string (*print)(const Endpoint& endpoint);
};

std::span<const KindSpec> endpointKinds();
std::span<const FieldSpec> endpointFields();  // indexed by Field
const FieldSpec& fieldSpec(Field field);

// An Endpoint of `kind` and `role` before any field is set: default interface or loopback host.
Endpoint endpointDefaults(const KindSpec& kind, Endpoint::Role role);

}  // namespace weft::net::detail
