#include "tools/netsim/netsim_values.h"

#include <charconv>
#include <cmath>
#include <string>

#include "net/core/endpoint.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/udp/udp_endpoint.h"

namespace weft::netsim {

using net::strCat;

namespace {

// A non-negative decimal number at the start of `text`; the rest is left in `text`.
bool takeNumber(std::string_view& text, double& value) {
  const char* begin = text.data();
  auto [end, ec] = std::from_chars(begin, begin + text.size(), value);
  if (ec != std::errc() || end == begin || !std::isfinite(value) || value < 0) return false;
  text.remove_prefix(static_cast<std::size_t>(end - begin));
  return true;
}

}  // namespace

net::Result<net::Duration> parseDuration(std::string_view text) {
  const std::string shown(text);
  std::string_view rest = text;
  double value = 0;
  const net::Error error{strCat("'", shown, "' is not a duration such as 50ms, 1.5s or 250us")};
  if (text.starts_with('-') || !takeNumber(rest, value)) return error;
  double seconds = 0;
  if (rest == "us") {
    seconds = value / 1e6;
  } else if (rest == "ms") {
    seconds = value / 1e3;
  } else if (rest == "s") {
    seconds = value;
  } else if (rest == "m") {
    seconds = value * 60;
  } else if (rest.empty() && value == 0) {
    seconds = 0;
  } else {
    return error;
  }
  if (seconds > 86400) return net::Error{strCat("'", shown, "' is over a day")};
  return net::fromSeconds(seconds);
}

net::Result<double> parsePercent(std::string_view text) {
  const std::string shown(text);
  std::string_view rest = text;
  double value = 0;
  if (text.starts_with('-') || !takeNumber(rest, value) || !(rest.empty() || rest == "%")) {
    return net::Error{strCat("'", shown, "' is not a percentage such as 5% or 0.5%")};
  }
  if (value > 100) return net::Error{strCat("'", shown, "' is over 100%")};
  return value;
}

net::Result<std::uint64_t> parseBandwidth(std::string_view text) {
  const std::string shown(text);
  std::string_view rest = text;
  double value = 0;
  const net::Error error{strCat("'", shown, "' is not a bandwidth such as 256KB/s, 1.5MB/s or 8Mbit/s")};
  if (text.starts_with('-') || !takeNumber(rest, value)) return error;
  if (rest.empty() && value == 0) return std::uint64_t{0};
  struct Unit {
    std::string_view name;
    double bytes;
  };
  constexpr Unit units[] = {{"B/s", 1},           {"KB/s", 1e3},          {"MB/s", 1e6},
                            {"GB/s", 1e9},        {"KiB/s", 1024},        {"MiB/s", 1048576},
                            {"kbit/s", 1e3 / 8},  {"Kbit/s", 1e3 / 8},    {"Mbit/s", 1e6 / 8},
                            {"Gbit/s", 1e9 / 8}};
  for (const Unit& unit : units) {
    if (rest == unit.name) {
      const double bytes = value * unit.bytes;
      if (bytes >= 1e15) return net::Error{strCat("'", shown, "' is too large")};
      if (bytes > 0 && bytes < 1) return net::Error{strCat("'", shown, "' is under 1 B/s")};
      return static_cast<std::uint64_t>(std::llround(bytes));
    }
  }
  return error;
}

net::Result<net::Address> parseForward(std::string_view text) {
  const std::string shown(text);
  std::string spec = text.starts_with("udp:") || text.starts_with("udp6:") ? shown : "udp:" + shown;
  auto endpoint = net::parseClientEndpoint(spec);
  if (!endpoint) {
    return net::Error{strCat("'", shown, "' is not HOST:PORT (", endpoint.error().message, ")")};
  }
  if (endpoint->kind != &net::kUdpKind) {
    return net::Error{strCat("'", shown, "' is not a UDP address")};
  }
  auto address = net::Address::fromNumeric(endpoint->host, endpoint->port);
  if (!address) {
    return net::Error{strCat("'", shown, "': the host must be a numeric address such as 127.0.0.1")};
  }
  return *address;
}

}  // namespace weft::netsim
