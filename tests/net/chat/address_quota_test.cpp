// AddressQuota: places counted per host, whatever the port or the IPv4/IPv6 spelling; local
// peers never counted; the limit, and one log-worthy refusal per spell at the limit.

#include "net/chat/address_quota.h"

#include <doctest/doctest.h>

using weft::net::Address;
using weft::net::AddressQuota;

namespace {
AddressQuota::Host host(std::string_view numeric, std::uint16_t port = 40000) {
  auto address = Address::fromNumeric(numeric, port);
  REQUIRE(address.ok());
  return AddressQuota::hostOf(*address);
}
}  // namespace

TEST_CASE("a host is its address: the port does not count, ::ffff:a.b.c.d is a.b.c.d") {
  CHECK(host("127.0.0.1", 1) == host("127.0.0.1", 2));
  CHECK(host("127.0.0.1") == host("::ffff:127.0.0.1"));
  CHECK(host("127.0.0.1") != host("127.0.0.2"));
  CHECK(host("::1") != host("127.0.0.1"));
  CHECK(AddressQuota::counted(host("10.0.0.7")));
  CHECK(AddressQuota::counted(host("::1")));
}

TEST_CASE("unix-socket and address-less peers are never counted, so never refused") {
  AddressQuota quota(1);
  auto unixPeer = Address::fromUnixPath("/tmp/chat.sock");
  REQUIRE(unixPeer.ok());
  for (const AddressQuota::Host& local :
       {AddressQuota::hostOf(*unixPeer), AddressQuota::hostOf({})}) {
    CHECK_FALSE(AddressQuota::counted(local));
    for (int i = 0; i < 3; ++i) {
      CHECK(quota.allows(local));
      quota.take(local);
    }
    CHECK(quota.held(local) == 0);
  }
  CHECK(quota.hosts() == 0);
}

TEST_CASE("a host holds at most the limit; a place given back lets the next one in") {
  AddressQuota quota(2);
  const auto a = host("127.0.0.1");
  const auto b = host("127.0.0.2");
  quota.take(a);
  CHECK(quota.allows(a));
  quota.take(a);
  CHECK_FALSE(quota.allows(a));
  CHECK(quota.allows(b));  // another host is not held back by the first
  quota.release(a);
  CHECK(quota.allows(a));
  quota.release(a);
  CHECK(quota.held(a) == 0);
  CHECK(quota.hosts() == 0);  // a host without places is forgotten: the table stays bounded
}

TEST_CASE("limit 0 counts but never refuses") {
  AddressQuota quota(0);
  const auto a = host("127.0.0.1");
  for (int i = 0; i < 100; ++i) {
    REQUIRE(quota.allows(a));
    quota.take(a);
  }
  CHECK(quota.held(a) == 100);
}

TEST_CASE("only the first refusal of a spell at the limit is worth a log line") {
  AddressQuota quota(1);
  const auto a = host("127.0.0.1");
  quota.take(a);
  CHECK(quota.refuse(a));
  CHECK_FALSE(quota.refuse(a));
  CHECK_FALSE(quota.refuse(a));
  quota.release(a);
  quota.take(a);
  CHECK(quota.refuse(a));  // at the limit again: a new spell
}
