// The lexical layer of endpoint strings: fields split at ':' and '=', escapes, IPv6 brackets, and
// the shapes of host names and decimal seconds; endpoint.cpp gives the fields their meaning.
// Tests: tests/net/core/endpoint_syntax_test.cpp, tests/fuzz/endpoint_fuzz.cpp
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::net::detail {

// One ':'-separated field: a positional value ("7777") or an option ("backlog=50").
struct EndpointToken {
  std::optional<std::string> key;  // set for key=value, possibly to ""
  std::string value;               // escapes removed; brackets kept ("[::1]")

  friend bool operator==(const EndpointToken&, const EndpointToken&) = default;
};

// Splits `text` into at least one token, the rules Twisted's strports use plus brackets:
//   - '\' makes the next character plain, whatever it is;
//   - ':' ends a field; the first '=' in a field splits key from value, later ones are plain;
//   - a '[' that starts a value (or a key) runs to the next ']', with ':' and '=' plain inside,
//     so "tcp:[::1]:7777" is three tokens.
// Errors (without the input prefix, which the caller adds): a trailing lone '\', an unclosed '['.
Result<std::vector<EndpointToken>> tokenizeEndpoint(std::string_view text);

// Escapes `value` so that tokenizeEndpoint reads it back as one plain value: '\' before ':', '=',
// '\' and a leading '['.
std::string escapeEndpointValue(std::string_view value);

// Non-empty and ASCII digits only: no sign, no spaces, no locale.
bool isDigits(std::string_view text);

// RFC 1123 labels (letters, digits, inner '-', and '_' as resolvers tolerate) of 1-63 bytes, at
// most 253 in all, with an optional final '.', the last label not all digits ("7777" and
// "10.0.0.256" are not names). Says nothing about whether the name resolves.
bool isHostName(std::string_view name);

// Unsigned decimal seconds ("5", "1.5", ".25") read exactly to the nanosecond, digits past the
// ninth ignored; Duration::max() when too large for a Duration, nullopt when not that shape.
// Exact because a round trip through double would break toString's round trip.
std::optional<Duration> parseDecimalSeconds(std::string_view text);

// The inverse for a non-negative Duration: "30", "1.5", "0.000000001".
std::string formatDecimalSeconds(Duration duration);

// `text` with control bytes shown as \xNN, so an error message quoting input stays one line.
std::string printableText(std::string_view text);

}  // namespace weft::net::detail
