// CompactAddress: an Address stored in 40 bytes instead of 120, for what every connection keeps
// (its peer and host): Address has room for a Unix socket path that TCP never uses.
// Internal. Tests: tests/net/core/compact_address_test.cpp
#pragma once

#include <netinet/in.h>

#include <memory>

#include "net/core/address.h"

namespace weft::net::detail {

// IPv4 and IPv6 addresses (and "no address") live inline; a Unix address, rare on a server
// holding thousands of connections, goes to the heap. get() gives back an equal Address.
class CompactAddress {
 public:
  CompactAddress() = default;
  explicit CompactAddress(const Address& address);

  Address get() const;
  Address::Family family() const { return family_; }

 private:
  union Inet {
    sockaddr_in v4;
    sockaddr_in6 v6;
  };
  Inet inet_{};  // Family::IPv4 or IPv6
  Address::Family family_ = Address::Family::None;
  std::unique_ptr<const Address> other_;  // Family::Unix
};

}  // namespace weft::net::detail
