#include "net/core/address.h"

#include <doctest/doctest.h>

using weft::net::Address;

TEST_CASE("numeric IPv4 and IPv6 addresses parse and print") {
  auto v4 = Address::fromNumeric("127.0.0.1", 8007);
  REQUIRE(v4.ok());
  CHECK(v4->family() == Address::Family::IPv4);
  CHECK(v4->toString() == "127.0.0.1:8007");
  CHECK(v4->port() == 8007);

  auto v6 = Address::fromNumeric("[::1]", 8007);
  REQUIRE(v6.ok());
  CHECK(v6->family() == Address::Family::IPv6);
  CHECK(v6->host() == "::1");
  CHECK(v6->toString() == "[::1]:8007");
}

TEST_CASE("a host name is not a numeric address, and the error says which text") {
  auto r = Address::fromNumeric("localhost", 80);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "'localhost' is not a numeric IPv4 or IPv6 address");
}

TEST_CASE("Unix socket paths fit or are refused by length") {
  auto a = Address::fromUnixPath("/tmp/weft.sock");
  REQUIRE(a.ok());
  CHECK(a->toString() == "unix:/tmp/weft.sock");
  CHECK_FALSE(Address::fromUnixPath(std::string(200, 'x')).ok());
  CHECK_FALSE(Address::fromUnixPath("").ok());
}

TEST_CASE("loopback is recognised for 127/8, ::1 and mapped IPv4") {
  CHECK(Address::fromNumeric("127.3.2.1", 1)->isLoopback());
  CHECK(Address::fromNumeric("::1", 1)->isLoopback());
  CHECK(Address::fromNumeric("::ffff:127.0.0.1", 1)->isLoopback());
  CHECK_FALSE(Address::fromNumeric("10.0.0.1", 1)->isLoopback());
  CHECK_FALSE(Address{}.isLoopback());
}

TEST_CASE("addresses compare by family, host and port") {
  CHECK(*Address::fromNumeric("127.0.0.1", 5) == Address::loopbackIPv4(5));
  CHECK_FALSE(*Address::fromNumeric("127.0.0.1", 5) == Address::loopbackIPv4(6));
  CHECK_FALSE(Address::loopbackIPv6(5) == Address::loopbackIPv4(5));
}
