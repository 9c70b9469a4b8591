#include "net/core/endpoint_syntax.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace std::chrono_literals;
using weft::net::detail::EndpointToken;
using weft::net::detail::escapeEndpointValue;
using weft::net::detail::formatDecimalSeconds;
using weft::net::detail::isHostName;
using weft::net::detail::parseDecimalSeconds;
using weft::net::detail::printableText;
using weft::net::detail::tokenizeEndpoint;

namespace {
std::vector<EndpointToken> tokens(std::string_view text) {
  auto result = tokenizeEndpoint(text);
  if (!result) FAIL(result.error().message);
  return *result;
}

EndpointToken value(std::string text) {
  return {std::nullopt, std::move(text)};
}
EndpointToken option(std::string key, std::string text) {
  return {std::move(key), std::move(text)};
}
}  // namespace

TEST_CASE("fields split at ':' and an option's key at its first '='") {
  CHECK(tokens("tcp:7777:backlog=5") ==
        std::vector{value("tcp"), value("7777"), option("backlog", "5")});
  CHECK(tokens("a=b=c") == std::vector{option("a", "b=c")});
  CHECK(tokens("") == std::vector{value("")});
  CHECK(tokens("::") == std::vector{value(""), value(""), value("")});
  CHECK(tokens("k=") == std::vector{option("k", "")});
}

TEST_CASE("a backslash makes any next character plain") {
  CHECK(tokens(R"(unix:/a\:b\=c\\d\x)") == std::vector{value("unix"), value(R"(/a:b=c\dx)")});
  CHECK(tokens(R"(\[x])") == std::vector{value("[x]")});
  CHECK(tokens(R"(\[::1])") == std::vector{value("["), value(""), value("1]")});
}

TEST_CASE("a bracket at the start of a value holds ':' and '=' until it closes") {
  CHECK(tokens("tcp:[::1]:7777") == std::vector{value("tcp"), value("[::1]"), value("7777")});
  CHECK(tokens("host=[::1]:port=1") == std::vector{option("host", "[::1]"), option("port", "1")});
  CHECK(tokens("[a=b]x:y") == std::vector{value("[a=b]x"), value("y")});
  SUBCASE("but not in the middle of one") {
    CHECK(tokens("a[b:c]") == std::vector{value("a[b"), value("c]")});
  }
}

TEST_CASE("a lone trailing backslash and an unclosed bracket are errors") {
  auto lone = tokenizeEndpoint(R"(unix:/tmp\)");
  REQUIRE_FALSE(lone);
  CHECK(lone.error().message == R"(ends in a lone '\' (write '\\' for a backslash))");
  auto open = tokenizeEndpoint("tcp:[::1:80");
  REQUIRE_FALSE(open);
  CHECK(open.error().message == "'[::1:80' is missing its closing ']'");
}

TEST_CASE("an escaped value tokenizes back to itself") {
  for (std::string_view text :
       {"plain", "/tmp/a:b.sock", "a=b", R"(back\slash)", "[x", "[a:b]", "x[y", ":=\\[]", ""}) {
    CAPTURE(text);
    CHECK(tokens(escapeEndpointValue(text)) == std::vector{value(std::string(text))});
  }
}

TEST_CASE("host names follow RFC 1123 and are not numbers") {
  CHECK(isHostName("example.org"));
  CHECK(isHostName("example.org."));
  CHECK(isHostName("a"));
  CHECK(isHostName("game_server-1.lan"));
  CHECK(isHostName("1.example"));
  CHECK_FALSE(isHostName(""));
  CHECK_FALSE(isHostName("."));
  CHECK_FALSE(isHostName("a..b"));
  CHECK_FALSE(isHostName("-a.b"));
  CHECK_FALSE(isHostName("a-.b"));
  CHECK_FALSE(isHostName("exa mple"));
  CHECK_FALSE(isHostName("7777"));
  CHECK_FALSE(isHostName("10.0.0.256"));
  CHECK_FALSE(isHostName(std::string(64, 'a') + ".org"));
  CHECK(isHostName(std::string(63, 'a') + ".org"));
  CHECK_FALSE(isHostName(std::string(250, 'a').insert(60, ".").insert(120, ".").insert(180, ".")));
}

TEST_CASE("decimal seconds read exactly and print back the same") {
  CHECK(parseDecimalSeconds("5") == 5s);
  CHECK(parseDecimalSeconds("1.5") == 1500ms);
  CHECK(parseDecimalSeconds(".25") == 250ms);
  CHECK(parseDecimalSeconds("0.000000001") == 1ns);
  CHECK(parseDecimalSeconds("1.0000000019") == 1s + 1ns);
  CHECK(parseDecimalSeconds("99999999999999999999") == weft::net::Duration::max());
  for (std::string_view bad : {"", ".", "5.", "-1", "+1", "1e3", " 1", "1.2.3", "0x10"}) {
    CAPTURE(bad);
    CHECK_FALSE(parseDecimalSeconds(bad).has_value());
  }
  CHECK(formatDecimalSeconds(30s) == "30");
  CHECK(formatDecimalSeconds(1500ms) == "1.5");
  CHECK(formatDecimalSeconds(1ns) == "0.000000001");
  CHECK(formatDecimalSeconds(0s) == "0");
  for (auto d : {1ns, 999999999ns, 86400s + 1ns, 123456789012345678ns}) {
    CHECK(parseDecimalSeconds(formatDecimalSeconds(d)) == d);
  }
}

TEST_CASE("printable text shows control bytes as hex escapes") {
  CHECK(printableText("tcp:7777") == "tcp:7777");
  CHECK(printableText(std::string("a\nb\0c\x7f", 6)) == R"(a\x0ab\x00c\x7f)");
  CHECK(printableText("caf\xc3\xa9") == "caf\xc3\xa9");
}
