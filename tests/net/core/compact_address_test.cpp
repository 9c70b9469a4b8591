#include "net/core/detail/compact_address.h"

#include <doctest/doctest.h>

using weft::net::Address;
using weft::net::detail::CompactAddress;

TEST_CASE("a compact address gives back an equal Address, whatever the family") {
  const Address addresses[] = {
      *Address::fromNumeric("127.0.0.1", 8007),
      *Address::fromNumeric("::1", 5555),
      *Address::fromNumeric("::ffff:10.1.2.3", 1),
      *Address::fromUnixPath("/tmp/weft-chat.sock"),
      Address{},
  };
  for (const Address& address : addresses) {
    CAPTURE(address.toString());
    const CompactAddress compact(address);
    CHECK(compact.family() == address.family());
    CHECK(compact.get() == address);
    CHECK(compact.get().toString() == address.toString());
    CHECK(compact.get().sockaddrLength() == address.sockaddrLength());
  }
}

TEST_CASE("a compact address is a third of an Address, the room for a Unix path left out") {
  CHECK(sizeof(CompactAddress) <= 40);
  CHECK(sizeof(CompactAddress) * 3 <= sizeof(Address));
}
