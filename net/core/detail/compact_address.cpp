#include "net/core/detail/compact_address.h"

#include <algorithm>
#include <cstring>

namespace weft::net::detail {

CompactAddress::CompactAddress(const Address& address) : family_(address.family()) {
  switch (family_) {
    case Address::Family::IPv4:
    case Address::Family::IPv6:
      std::memcpy(&inet_, address.sockaddrPointer(),
                  std::min<std::size_t>(address.sockaddrLength(), sizeof inet_));
      break;
    case Address::Family::Unix:
      other_ = std::make_unique<const Address>(address);
      break;
    case Address::Family::None:
      break;
  }
}

Address CompactAddress::get() const {
  switch (family_) {
    case Address::Family::IPv4:
      return Address::fromSockaddr(reinterpret_cast<const sockaddr*>(&inet_.v4), sizeof inet_.v4);
    case Address::Family::IPv6:
      return Address::fromSockaddr(reinterpret_cast<const sockaddr*>(&inet_.v6), sizeof inet_.v6);
    case Address::Family::Unix:
      return *other_;
    case Address::Family::None:
      break;
  }
  return Address{};
}

}  // namespace weft::net::detail
