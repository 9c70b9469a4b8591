// Address: a socket address — IPv4, IPv6 or a Unix socket path — as a small value type; what
// Transport::peer() and host() return and what listen/connect take once names are resolved.
// Tests: tests/net/core/address_test.cpp
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "net/core/result.h"

namespace weft::net {

class Address {
 public:
  enum class Family : std::uint8_t { None, IPv4, IPv6, Unix };

  // Family::None: "no address" (e.g. a test transport's default peer).
  Address() { std::memset(&storage_, 0, sizeof storage_); }

  // Numeric addresses only ("127.0.0.1", "::1", "0.0.0.0", "::"); never touches DNS. An IPv6
  // host may come in brackets ("[::1]"). Errors name the bad text.
  static Result<Address> fromNumeric(std::string_view host, std::uint16_t port);
  // A Unix domain socket path; errors if it does not fit in sockaddr_un.
  static Result<Address> fromUnixPath(std::string_view path);
  // Copies what the kernel filled in (accept, getsockname, recvfrom).
  static Address fromSockaddr(const sockaddr* address, socklen_t length);

  static Address loopbackIPv4(std::uint16_t port);
  static Address loopbackIPv6(std::uint16_t port);

  Family family() const { return family_; }
  std::uint16_t port() const;  // 0 for Unix and None
  void setPort(std::uint16_t port);
  std::string host() const;  // "127.0.0.1", "::1", the socket path, or "" for None
  // "127.0.0.1:8007", "[::1]:8007", "unix:/tmp/chat.sock", or "-" for None.
  std::string toString() const;
  bool isLoopback() const;  // 127.0.0.0/8, ::1, ::ffff:127.x.y.z; Unix counts as loopback

  const sockaddr* sockaddrPointer() const { return &storage_.any; }
  socklen_t sockaddrLength() const { return length_; }
  int socketDomain() const;  // AF_INET, AF_INET6 or AF_UNIX

  friend bool operator==(const Address& a, const Address& b);

 private:
  // A union rather than sockaddr_storage: 112 bytes instead of 128, in every connection.
  union Storage {
    sockaddr any;
    sockaddr_in v4;
    sockaddr_in6 v6;
    sockaddr_un local;  // not `unix`: GNU modes (gnu++20, CMake's default) define it as a macro
  };
  Storage storage_;  // fully zeroed by the constructor: `{}` on a union zeroes only `any`
  socklen_t length_ = 0;
  Family family_ = Family::None;
};

}  // namespace weft::net
