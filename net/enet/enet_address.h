// Conversions between weft's Address and ENet's IPv4-only ENetAddress. Internal.
// Tests: tests/net/enet/enet_connect_test.cpp
#pragma once

#include <enet/enet.h>
#include <netinet/in.h>

#include <optional>

#include "net/core/address.h"

namespace weft::net::detail {

inline Address toAddress(const ENetAddress& address) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_addr.s_addr = address.host;  // both in network order
  in.sin_port = htons(address.port);
  return Address::fromSockaddr(reinterpret_cast<const sockaddr*>(&in), sizeof in);
}

// Null for anything but an IPv4 address: ENet speaks IPv4 only.
inline std::optional<ENetAddress> toEnetAddress(const Address& address) {
  if (address.family() != Address::Family::IPv4) return std::nullopt;
  const auto* in = reinterpret_cast<const sockaddr_in*>(address.sockaddrPointer());
  ENetAddress result{};
  result.host = in->sin_addr.s_addr;
  result.port = ntohs(in->sin_port);
  return result;
}

}  // namespace weft::net::detail
