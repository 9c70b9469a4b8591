// The fields core's endpoint kinds share (host, interface, port, path, backlog, timeout), kept
// in Endpoint's named members, and the value parsers every kind's options use.
#include <charconv>
#include <optional>

#include "net/core/endpoint_kind.h"
#include "net/core/endpoint_syntax.h"
#include "net/core/str_cat.h"

namespace weft::net {

Result<std::int64_t> parseEndpointInteger(std::string_view what, std::string_view text,
                                          std::int64_t low, std::int64_t high) {
  if (!detail::isDigits(text)) return Error{strCat(what, " '", text, "' is not a number")};
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || value < low || value > high) {
    return Error{strCat(what, " ", text, " is out of range (", low, "-", high, ")")};
  }
  return value;
}

Result<Duration> parseEndpointSeconds(std::string_view what, std::string_view text,
                                      bool zeroAllowed, Duration most) {
  const bool negative = text.starts_with('-');
  std::optional<Duration> seconds = detail::parseDecimalSeconds(text.substr(negative ? 1 : 0));
  if (!seconds) return Error{strCat(what, " '", text, "' is not a number of seconds")};
  if (negative || (!zeroAllowed && *seconds == Duration::zero())) {
    return Error{strCat(what, " '", text, "' must be ",
                        zeroAllowed ? "0 seconds or more" : "more than 0 seconds")};
  }
  if (*seconds > most) {
    return Error{strCat(what, " '", text, "' must be at most ", formatEndpointSeconds(most),
                        most == std::chrono::seconds(1) ? " second" : " seconds")};
  }
  return *seconds;
}

std::string formatEndpointSeconds(Duration duration) {
  return detail::formatDecimalSeconds(duration);
}

namespace {

using Family = Address::Family;
using Role = Endpoint::Role;

// A connect timeout longer than a day is a typo, not a plan.
constexpr Duration kMaxTimeout = std::chrono::hours(24);

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
Result<void> parseAddress(std::string_view what, std::string_view value,
                          const EndpointSpelling& spelling, Endpoint& e) {
  const bool ipv4Only = spelling.kind.addressing == EndpointAddressing::Ipv4Only;
  if (std::optional<Address> address = numericAddress(value)) {
    if (ipv4Only && address->family() != Family::IPv4) {
      return Error{
          strCat(what, " '", value, "' is not an IPv4 address (", spelling.kind.ipv4OnlyNote, ")")};
    }
    if (spelling.ipv6Only && address->family() != Family::IPv6) {
      return Error{strCat(what, " '", value, "' is not an IPv6 address (", spelling.name(),
                          " is IPv6 only)")};
    }
    e.host = address->host();
    e.family = address->family();
    return {};
  }
  if (value.starts_with('[')) {
    return Error{strCat(what, " '", value, "': only an IPv6 address goes in brackets")};
  }
  if (what == "interface") {
    return Error{strCat("interface '", value, "' must be a numeric address")};
  }
  // A likely typo for an IPv4 address, which deserves a sharper message than "not a name".
  if (value.find('.') != std::string_view::npos &&
      value.find_first_not_of("0123456789.") == std::string_view::npos) {
    return Error{strCat("host '", value, "' is not a valid IPv4 address")};
  }
  if (!detail::isHostName(value)) {
    return Error{strCat("host '", value, "' is not a valid host name")};
  }
  e.host = std::string(value);
  // A name resolves to either family, except where the kind allows only one.
  e.family = spelling.ipv6Only ? Family::IPv6 : ipv4Only ? Family::IPv4 : Family::None;
  return {};
}

Result<void> parseHost(std::string_view value, const EndpointSpelling& spelling, Endpoint& e) {
  return parseAddress("host", value, spelling, e);
}

Result<void> parseInterface(std::string_view value, const EndpointSpelling& spelling, Endpoint& e) {
  return parseAddress("interface", value, spelling, e);
}

std::string printHost(const Endpoint& e) {
  return e.host.find(':') == std::string::npos ? e.host : strCat("[", e.host, "]");
}

std::string printInterface(const Endpoint& e) {
  return e.host == defaultInterface(e.family) ? std::string() : printHost(e);
}

Result<void> parsePort(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  auto port = parseEndpointInteger("port", value, e.role == Role::Server ? 0 : 1, 65535);
  if (!port) return port.error();
  e.port = static_cast<std::uint16_t>(*port);
  return {};
}

std::string printPort(const Endpoint& e) {
  return strCat(e.port);
}

Result<void> parsePath(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  // The kernel would stop at the NUL, so the socket would not be the one named.
  if (value.find('\0') != std::string_view::npos) {
    return Error{strCat("path '", value, "' contains a NUL byte")};
  }
  if (auto address = Address::fromUnixPath(value); !address) return address.error();
  e.path = std::string(value);
  return {};
}

std::string printPath(const Endpoint& e) {
  return detail::escapeEndpointValue(e.path);
}

Result<void> parseBacklog(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  auto backlog = parseEndpointInteger("backlog", value, 1, 65535);
  if (!backlog) return backlog.error();
  e.backlog = static_cast<int>(*backlog);
  return {};
}

std::string printBacklog(const Endpoint& e) {
  return e.backlog == Endpoint::kDefaultBacklog ? std::string() : strCat(e.backlog);
}

Result<void> parseTimeout(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  auto timeout = parseEndpointSeconds("timeout", value, false, kMaxTimeout);
  if (!timeout) return timeout.error();
  e.timeout = *timeout;
  return {};
}

std::string printTimeout(const Endpoint& e) {
  if (e.timeout == Endpoint::kDefaultTimeout) return {};
  return formatEndpointSeconds(e.timeout);
}

}  // namespace

namespace endpoint_fields {
constexpr EndpointField kHost{"host", false, parseHost, printHost};
constexpr EndpointField kInterface{"interface", false, parseInterface, printInterface};
constexpr EndpointField kPort{"port", true, parsePort, printPort};
constexpr EndpointField kPath{"path", true, parsePath, printPath};
constexpr EndpointField kBacklog{"backlog", false, parseBacklog, printBacklog};
constexpr EndpointField kTimeout{"timeout", false, parseTimeout, printTimeout};
}  // namespace endpoint_fields

}  // namespace weft::net
