// AddressQuota: how many places each remote host holds, capped, so that one host cannot take
// every place in a room however many connections it opens. Hosts are IPv4 or IPv6 addresses
// (the port is ignored; ::ffff:a.b.c.d counts as a.b.c.d); Unix-socket and address-less peers
// are local and never counted. Tests: tests/net/chat/address_quota_test.cpp
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "net/core/address.h"

namespace weft::net {

class AddressQuota {
 public:
  // A host as counted: its IPv6 address, IPv4 as ::ffff:a.b.c.d. All zero: not counted (no
  // peer has the unspecified address ::).
  using Host = std::array<std::uint8_t, 16>;
  static Host hostOf(const Address& address);
  static bool counted(const Host& host) { return host != Host{}; }

  // `limit` places per host at most; 0: no limit (hosts are still counted).
  explicit AddressQuota(std::size_t limit) : limit_(limit) {}

  // Whether `host` may hold one more place. Uncounted hosts always may.
  bool allows(const Host& host) const;
  // `host` takes a place (call after allows()); uncounted hosts are ignored.
  void take(const Host& host);
  // `host` gives back one place it took.
  void release(const Host& host);
  // Notes that `host` was refused (allows() said no). True for its first refusal since it last
  // held fewer than limit() places: the one worth a log line, in a flood of them.
  bool refuse(const Host& host);

  std::size_t held(const Host& host) const;
  // Hosts holding at least one place: the table's size, bounded by the places taken.
  std::size_t hosts() const { return places_.size(); }
  std::size_t limit() const { return limit_; }

 private:
  struct HostHash {
    std::size_t operator()(const Host& host) const;
  };
  struct Places {
    std::uint32_t held = 0;
    bool refused = false;  // since it last held fewer than limit_
  };
  std::size_t limit_;
  std::unordered_map<Host, Places, HostHash> places_;
};

}  // namespace weft::net
