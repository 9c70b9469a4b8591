// resolveHost: getaddrinfo as a plain blocking function, meant to run through deferToThread so
// a frame never waits on DNS. Internal. Tests: tests/net/core/connector_test.cpp
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "net/core/address.h"
#include "net/core/result.h"

namespace weft::net::detail {

// Addresses for `host`, in the resolver's preferred order; `family` None means any. Errors
// name the host: "cannot resolve 'nohost.invalid': Name or service not known".
Result<std::vector<Address>> resolveHost(const std::string& host, std::uint16_t port,
                                         Address::Family family, bool datagram = false);

}  // namespace weft::net::detail
