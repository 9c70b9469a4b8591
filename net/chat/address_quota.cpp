#include "net/chat/address_quota.h"

#include <cstring>
#include <utility>

#include "net/core/assert.h"

namespace weft::net {

AddressQuota::Host AddressQuota::hostOf(const Address& address) {
  Host host{};
  const sockaddr* raw = address.sockaddrPointer();
  if (address.family() == Address::Family::IPv4) {
    host[10] = 0xff;
    host[11] = 0xff;
    std::memcpy(host.data() + 12, &reinterpret_cast<const sockaddr_in*>(raw)->sin_addr, 4);
  } else if (address.family() == Address::Family::IPv6) {
    std::memcpy(host.data(), &reinterpret_cast<const sockaddr_in6*>(raw)->sin6_addr, 16);
  }
  return host;
}

std::size_t AddressQuota::HostHash::operator()(const Host& host) const {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  std::memcpy(&high, host.data(), 8);
  std::memcpy(&low, host.data() + 8, 8);
  return std::hash<std::uint64_t>{}(high * 0x9e3779b97f4a7c15ull ^ low);
}

bool AddressQuota::allows(const Host& host) const {
  return limit_ == 0 || !counted(host) || held(host) < limit_;
}

void AddressQuota::take(const Host& host) {
  if (counted(host)) ++places_[host].held;
}

void AddressQuota::release(const Host& host) {
  if (!counted(host)) return;
  const auto it = places_.find(host);
  WEFT_ASSERT(it != places_.end() && it->second.held > 0,
              "AddressQuota::release: this host holds no place (released twice?)");
  it->second.refused = false;
  if (--it->second.held == 0) places_.erase(it);
}

bool AddressQuota::refuse(const Host& host) {
  const auto it = places_.find(host);
  return it != places_.end() && !std::exchange(it->second.refused, true);
}

std::size_t AddressQuota::held(const Host& host) const {
  const auto it = places_.find(host);
  return it == places_.end() ? 0 : it->second.held;
}

}  // namespace weft::net
