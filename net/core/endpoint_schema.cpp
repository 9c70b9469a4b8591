#include "net/core/endpoint_schema.h"

#include <charconv>
#include <optional>

#include "net/core/endpoint_syntax.h"
#include "net/core/str_cat.h"

namespace weft::net::detail {
namespace {

using Family = Address::Family;
using Kind = Endpoint::Kind;
using Role = Endpoint::Role;
using enum Field;

// A connect timeout longer than a day is a typo, not a plan.
constexpr Duration kMaxTimeout = std::chrono::hours(24);
// A batch is a fraction of a frame or a tick; a second already costs ENet's pings their meaning.
constexpr Duration kMaxBatch = std::chrono::seconds(1);

constexpr KindSpec kKinds[] = {
    {"tcp", Kind::Tcp, Family::IPv4, {{Port}, {Interface, Backlog}}, {{Host, Port}, {Timeout}}},
    {"tcp6", Kind::Tcp, Family::IPv6, {{Port}, {Interface, Backlog}}, {{Host, Port}, {Timeout}}},
    {"unix", Kind::Unix, Family::Unix, {{Path}, {Backlog}}, {{Path}, {Timeout}}},
    {"udp", Kind::Udp, Family::IPv4, {{Port}, {Interface}}, {{Host, Port}, {}}},
    {"udp6", Kind::Udp, Family::IPv6, {{Port}, {Interface}}, {{Host, Port}, {}}},
    // ENet speaks IPv4 only (its ENetAddress holds one).
    {"enet", Kind::Enet, Family::IPv4,
     {{Port}, {Interface, Channels, Peers, BandwidthIn, BandwidthOut, Batch}},
     {{Host, Port}, {Timeout, Channels, BandwidthIn, BandwidthOut}}},
};

// Digits only (no sign, no spaces) in [low, high].
Result<int> parseInteger(std::string_view what, std::string_view text, int low, int high) {
  if (!isDigits(text)) return Error{strCat(what, " '", text, "' is not a number")};
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || value < low || value > high) {
    return Error{strCat(what, " ", text, " is out of range (", low, "-", high, ")")};
  }
  return value;
}

std::string_view defaultInterface(Family family) {
  return family == Family::IPv6 ? "::" : "0.0.0.0";
}

// A numeric address, in brackets if IPv6; "[127.0.0.1]" and "[name]" are refused as in URLs.
std::optional<Address> numericAddress(std::string_view value) {
  if (!value.starts_with('[')) {
    auto address = Address::fromNumeric(value, 0);
    return address ? std::optional(*address) : std::nullopt;
  }
  if (!value.ends_with(']')) return std::nullopt;
  auto address = Address::fromNumeric(value.substr(1, value.size() - 2), 0);
  if (!address || address->family() != Family::IPv6) return std::nullopt;
  return *address;
}

// Host (client) and interface (server) share a grammar: a numeric address, or for a client a
// name that the connector resolves later.
Result<void> parseAddress(Field field, std::string_view value, const KindSpec& kind, Endpoint& e) {
  std::string_view what = field == Host ? "host" : "interface";
  if (std::optional<Address> address = numericAddress(value)) {
    if (kind.kind == Kind::Enet && address->family() != Family::IPv4) {
      return Error{strCat(what, " '", value, "' is not an IPv4 address (ENet speaks IPv4 only)")};
    }
    if (kind.family == Family::IPv6 && address->family() != Family::IPv6) {
      return Error{
          strCat(what, " '", value, "' is not an IPv6 address (", kind.name, " is IPv6 only)")};
    }
    e.host = address->host();
    e.family = address->family();
    return {};
  }
  if (value.starts_with('[')) {
    return Error{strCat(what, " '", value, "': only an IPv6 address goes in brackets")};
  }
  if (field == Interface) return Error{strCat("interface '", value, "' must be a numeric address")};
  // A likely typo for an IPv4 address, which deserves a sharper message than "not a name".
  if (value.find('.') != std::string_view::npos &&
      value.find_first_not_of("0123456789.") == std::string_view::npos) {
    return Error{strCat("host '", value, "' is not a valid IPv4 address")};
  }
  if (!isHostName(value)) return Error{strCat("host '", value, "' is not a valid host name")};
  e.host = std::string(value);
  // A name resolves to either family, except where the kind allows only one.
  e.family = kind.family == Family::IPv6   ? Family::IPv6
             : kind.kind == Kind::Enet     ? Family::IPv4
                                           : Family::None;
  return {};
}

Result<void> parseHost(std::string_view value, const KindSpec& kind, Endpoint& e) {
  return parseAddress(Host, value, kind, e);
}

Result<void> parseInterface(std::string_view value, const KindSpec& kind, Endpoint& e) {
  return parseAddress(Interface, value, kind, e);
}

std::string printHost(const Endpoint& e) {
  return e.host.find(':') == std::string::npos ? e.host : strCat("[", e.host, "]");
}

std::string printInterface(const Endpoint& e) {
  return e.host == defaultInterface(e.family) ? std::string() : printHost(e);
}

Result<void> parsePort(std::string_view value, const KindSpec&, Endpoint& e) {
  auto port = parseInteger("port", value, e.role == Role::Server ? 0 : 1, 65535);
  if (!port) return port.error();
  e.port = static_cast<std::uint16_t>(*port);
  return {};
}

std::string printPort(const Endpoint& e) {
  return strCat(e.port);
}

Result<void> parsePath(std::string_view value, const KindSpec&, Endpoint& e) {
  // The kernel would stop at the NUL, so the socket would not be the one named.
  if (value.find('\0') != std::string_view::npos) {
    return Error{strCat("path '", value, "' contains a NUL byte")};
  }
  if (auto address = Address::fromUnixPath(value); !address) return address.error();
  e.path = std::string(value);
  return {};
}

std::string printPath(const Endpoint& e) {
  return escapeEndpointValue(e.path);
}

Result<void> parseBacklog(std::string_view value, const KindSpec&, Endpoint& e) {
  auto backlog = parseInteger("backlog", value, 1, 65535);
  if (!backlog) return backlog.error();
  e.backlog = *backlog;
  return {};
}

std::string printBacklog(const Endpoint& e) {
  return e.backlog == Endpoint::kDefaultBacklog ? std::string() : strCat(e.backlog);
}

// A decimal number of seconds for option `what`, "5" or "0.25", from 0 (when `zeroAllowed`; else
// above it) to `most`.
Result<Duration> parseSeconds(std::string_view what, std::string_view value, bool zeroAllowed,
                              Duration most) {
  const bool negative = value.starts_with('-');
  std::optional<Duration> seconds = parseDecimalSeconds(value.substr(negative ? 1 : 0));
  if (!seconds) return Error{strCat(what, " '", value, "' is not a number of seconds")};
  if (negative || (!zeroAllowed && *seconds == Duration::zero())) {
    return Error{strCat(what, " '", value, "' must be ",
                        zeroAllowed ? "0 seconds or more" : "more than 0 seconds")};
  }
  if (*seconds > most) {
    return Error{strCat(what, " '", value, "' must be at most ", formatDecimalSeconds(most),
                        most == std::chrono::seconds(1) ? " second" : " seconds")};
  }
  return *seconds;
}

Result<void> parseTimeout(std::string_view value, const KindSpec&, Endpoint& e) {
  auto timeout = parseSeconds("timeout", value, false, kMaxTimeout);
  if (!timeout) return timeout.error();
  e.timeout = *timeout;
  return {};
}

std::string printTimeout(const Endpoint& e) {
  if (e.timeout == Endpoint::kDefaultTimeout) return {};
  return formatDecimalSeconds(e.timeout);
}

Result<void> parseChannels(std::string_view value, const KindSpec&, Endpoint& e) {
  // ENet's own limit (ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT); 255 keeps a channel in one byte.
  auto channels = parseInteger("channels", value, 1, 255);
  if (!channels) return channels.error();
  e.channels = *channels;
  return {};
}

std::string printChannels(const Endpoint& e) {
  return e.channels == Endpoint::kDefaultChannels ? std::string() : strCat(e.channels);
}

Result<void> parsePeers(std::string_view value, const KindSpec&, Endpoint& e) {
  // ENet numbers peers in 12 bits (4095), and keeps one slot spare to tell a latecomer "full".
  auto peers = parseInteger("peers", value, 1, 4094);
  if (!peers) return peers.error();
  e.peers = *peers;
  return {};
}

std::string printPeers(const Endpoint& e) {
  return e.peers == Endpoint::kDefaultPeers ? std::string() : strCat(e.peers);
}

// Bytes per second, 0 for no limit: ENet's incoming/outgoing bandwidth.
Result<void> parseBandwidth(std::string_view what, std::string_view value, std::uint32_t& out) {
  if (!isDigits(value)) return Error{strCat(what, " '", value, "' is not a number of bytes per second")};
  std::uint64_t bytes = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
  if (ec != std::errc{} || bytes > 0xFFFFFFFFu) {
    return Error{strCat(what, " ", value, " is out of range (0-4294967295 bytes per second)")};
  }
  out = static_cast<std::uint32_t>(bytes);
  return {};
}

Result<void> parseBandwidthIn(std::string_view value, const KindSpec&, Endpoint& e) {
  return parseBandwidth("in", value, e.bandwidthIn);
}
Result<void> parseBandwidthOut(std::string_view value, const KindSpec&, Endpoint& e) {
  return parseBandwidth("out", value, e.bandwidthOut);
}
std::string printBandwidthIn(const Endpoint& e) {
  return e.bandwidthIn == 0 ? std::string() : strCat(e.bandwidthIn);
}
std::string printBandwidthOut(const Endpoint& e) {
  return e.bandwidthOut == 0 ? std::string() : strCat(e.bandwidthOut);
}

Result<void> parseBatch(std::string_view value, const KindSpec&, Endpoint& e) {
  auto batch = parseSeconds("batch", value, true, kMaxBatch);
  if (!batch) return batch.error();
  e.batch = *batch;
  return {};
}

std::string printBatch(const Endpoint& e) {
  return e.batch == Duration::zero() ? std::string() : formatDecimalSeconds(e.batch);
}

constexpr FieldSpec kFields[] = {
    {Host, "host", false, parseHost, printHost},
    {Interface, "interface", false, parseInterface, printInterface},
    {Port, "port", true, parsePort, printPort},
    {Path, "path", true, parsePath, printPath},
    {Backlog, "backlog", false, parseBacklog, printBacklog},
    {Timeout, "timeout", false, parseTimeout, printTimeout},
    {Channels, "channels", false, parseChannels, printChannels},
    {Peers, "peers", false, parsePeers, printPeers},
    {BandwidthIn, "in", false, parseBandwidthIn, printBandwidthIn},
    {BandwidthOut, "out", false, parseBandwidthOut, printBandwidthOut},
    {Batch, "batch", false, parseBatch, printBatch},
};

constexpr bool fieldsInEnumOrder() {
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    if (static_cast<std::size_t>(kFields[i].field) != i) return false;
  }
  return true;
}
static_assert(fieldsInEnumOrder(), "kFields rows must follow the order of enum Field");
static_assert(std::size(kFields) <= 32, "endpoint.cpp keeps a bit per Field in a uint32_t");

}  // namespace

std::span<const KindSpec> endpointKinds() {
  return kKinds;
}
std::span<const FieldSpec> endpointFields() {
  return kFields;
}
const FieldSpec& fieldSpec(Field field) {
  return kFields[static_cast<std::size_t>(field)];
}

Endpoint endpointDefaults(const KindSpec& kind, Role role) {
  Endpoint e;
  e.kind = kind.kind;
  e.role = role;
  e.family = kind.family;
  if (kind.family == Family::Unix) {
    e.host.clear();
  } else if (role == Role::Server) {
    e.host = defaultInterface(kind.family);
  } else {
    e.host = kind.family == Family::IPv6 ? "::1" : "127.0.0.1";
  }
  return e;
}

}  // namespace weft::net::detail
