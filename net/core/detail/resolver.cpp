#include "net/core/detail/resolver.h"

#include <netdb.h>

#include <algorithm>
#include <memory>

#include "net/core/str_cat.h"

namespace weft::net::detail {

Result<std::vector<Address>> resolveHost(const std::string& host, std::uint16_t port,
                                         Address::Family family, bool datagram) {
  addrinfo hints{};
  hints.ai_family = family == Address::Family::IPv4   ? AF_INET
                    : family == Address::Family::IPv6 ? AF_INET6
                                                      : AF_UNSPEC;
  hints.ai_socktype = datagram ? SOCK_DGRAM : SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = strCat(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) return Error{strCat("cannot resolve '", host, "': ", ::gai_strerror(rc))};
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found, &::freeaddrinfo);
  std::vector<Address> addresses;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    Address address = Address::fromSockaddr(a->ai_addr, a->ai_addrlen);
    if (address.family() != Address::Family::None &&
        std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
      addresses.push_back(address);
    }
  }
  if (addresses.empty()) return Error{strCat("'", host, "' has no usable address")};
  return addresses;
}

}  // namespace weft::net::detail
