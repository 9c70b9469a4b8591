#include "net/core/address.h"

#include <arpa/inet.h>

#include <cstring>

#include "net/core/str_cat.h"

namespace weft::net {

Result<Address> Address::fromNumeric(std::string_view host, std::uint16_t port) {
  std::string text(host);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  Address a;
  if (inet_pton(AF_INET, text.c_str(), &a.storage_.v4.sin_addr) == 1) {
    a.storage_.v4.sin_family = AF_INET;
    a.storage_.v4.sin_port = htons(port);
    a.length_ = sizeof(sockaddr_in);
    a.family_ = Family::IPv4;
    return a;
  }
  if (inet_pton(AF_INET6, text.c_str(), &a.storage_.v6.sin6_addr) == 1) {
    a.storage_.v6.sin6_family = AF_INET6;
    a.storage_.v6.sin6_port = htons(port);
    a.length_ = sizeof(sockaddr_in6);
    a.family_ = Family::IPv6;
    return a;
  }
  return Error{strCat("'", host, "' is not a numeric IPv4 or IPv6 address")};
}

Result<Address> Address::fromUnixPath(std::string_view path) {
  Address a;
  if (path.empty()) return Error{"a Unix socket path cannot be empty"};
  if (path.size() >= sizeof(a.storage_.local.sun_path)) {
    return Error{strCat("Unix socket path '", path, "' is longer than ",
                        sizeof(a.storage_.local.sun_path) - 1, " bytes")};
  }
  a.storage_.local.sun_family = AF_UNIX;
  std::memcpy(a.storage_.local.sun_path, path.data(), path.size());
  a.length_ = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  a.family_ = Family::Unix;
  return a;
}

Address Address::fromSockaddr(const sockaddr* address, socklen_t length) {
  Address a;
  if (address == nullptr || length <= 0) return a;
  length = std::min<socklen_t>(length, sizeof(Storage));
  std::memcpy(&a.storage_, address, static_cast<std::size_t>(length));
  a.length_ = length;
  switch (address->sa_family) {
    case AF_INET:
      a.family_ = Family::IPv4;
      break;
    case AF_INET6:
      a.family_ = Family::IPv6;
      break;
    case AF_UNIX:
      a.family_ = Family::Unix;
      break;
    default:
      a = Address{};
      break;
  }
  return a;
}

Address Address::loopbackIPv4(std::uint16_t port) {
  return *fromNumeric("127.0.0.1", port);
}
Address Address::loopbackIPv6(std::uint16_t port) {
  return *fromNumeric("::1", port);
}

std::uint16_t Address::port() const {
  switch (family_) {
    case Family::IPv4:
      return ntohs(storage_.v4.sin_port);
    case Family::IPv6:
      return ntohs(storage_.v6.sin6_port);
    default:
      return 0;
  }
}

void Address::setPort(std::uint16_t port) {
  if (family_ == Family::IPv4) storage_.v4.sin_port = htons(port);
  if (family_ == Family::IPv6) storage_.v6.sin6_port = htons(port);
}

std::string Address::host() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  switch (family_) {
    case Family::IPv4:
      inet_ntop(AF_INET, &storage_.v4.sin_addr, buffer, sizeof buffer);
      return buffer;
    case Family::IPv6:
      inet_ntop(AF_INET6, &storage_.v6.sin6_addr, buffer, sizeof buffer);
      return buffer;
    case Family::Unix: {
      // An unnamed socket (a client's end) has no path at all.
      auto pathBytes = static_cast<std::size_t>(length_) - offsetof(sockaddr_un, sun_path);
      if (length_ <= static_cast<socklen_t>(offsetof(sockaddr_un, sun_path))) return {};
      return std::string(storage_.local.sun_path, strnlen(storage_.local.sun_path, pathBytes));
    }
    case Family::None:
      return {};
  }
  return {};
}

std::string Address::toString() const {
  switch (family_) {
    case Family::IPv4:
      return strCat(host(), ":", port());
    case Family::IPv6:
      return strCat("[", host(), "]:", port());
    case Family::Unix:
      return strCat("unix:", host());
    case Family::None:
      return "-";
  }
  return "-";
}

bool Address::isLoopback() const {
  switch (family_) {
    case Family::IPv4:
      return (ntohl(storage_.v4.sin_addr.s_addr) >> 24) == 127;
    case Family::IPv6: {
      const in6_addr& a = storage_.v6.sin6_addr;
      if (IN6_IS_ADDR_LOOPBACK(&a)) return true;
      return IN6_IS_ADDR_V4MAPPED(&a) && a.s6_addr[12] == 127;
    }
    case Family::Unix:
      return true;
    case Family::None:
      return false;
  }
  return false;
}

int Address::socketDomain() const {
  switch (family_) {
    case Family::IPv4:
      return AF_INET;
    case Family::IPv6:
      return AF_INET6;
    case Family::Unix:
      return AF_UNIX;
    case Family::None:
      return AF_UNSPEC;
  }
  return AF_UNSPEC;
}

bool operator==(const Address& a, const Address& b) {
  if (a.family_ != b.family_) return false;
  switch (a.family_) {
    case Address::Family::IPv4:
      return a.storage_.v4.sin_port == b.storage_.v4.sin_port &&
             a.storage_.v4.sin_addr.s_addr == b.storage_.v4.sin_addr.s_addr;
    case Address::Family::IPv6:
      return a.storage_.v6.sin6_port == b.storage_.v6.sin6_port &&
             std::memcmp(&a.storage_.v6.sin6_addr, &b.storage_.v6.sin6_addr, sizeof(in6_addr)) == 0;
    case Address::Family::Unix:
      return a.host() == b.host();
    case Address::Family::None:
      return true;
  }
  return false;
}

}  // namespace weft::net
