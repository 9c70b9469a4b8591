// Fuzzes both endpoint parsers: no input may crash them, every error is one nonempty line that
// starts with the input, and every endpoint that parses prints a canonical string that parses
// back to an equal endpoint and prints the same again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/endpoint.h"
#include "net/core/endpoint_syntax.h"
#include "net/endpoints/builtin_endpoints.h"

namespace {

using weft::net::Endpoint;
using weft::net::Result;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

void roundTrip(std::string_view text, Result<Endpoint> (*parse)(std::string_view)) {
  Result<Endpoint> parsed = parse(text);
  if (!parsed) {
    const std::string& message = parsed.error().message;
    check(!message.empty());
    check(message.find_first_of("\r\n") == std::string::npos);
    check(text.empty() || message.starts_with(weft::net::detail::printableText(text) + ": "));
    return;
  }
  std::string canonical = parsed->toString();
  Result<Endpoint> again = parse(canonical);
  check(again.ok());
  check(*again == *parsed);
  check(again->toString() == canonical);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  roundTrip(text, weft::net::parseServerEndpoint);
  roundTrip(text, weft::net::parseClientEndpoint);
  return 0;
}
