// The values weft-netsim's options take — durations ("50ms"), percentages ("5%"), bandwidths
// ("256KB/s"), the forward address ("127.0.0.1:7777") — parsed with errors that name the bad text.
// Tests: tests/tools/netsim/netsim_values_test.cpp
#pragma once

#include <cstdint>
#include <string_view>

#include "net/core/address.h"
#include "net/core/clock.h"
#include "net/core/result.h"

namespace weft::netsim {

// "50ms", "1.5s", "250us", "2m"; "0" alone needs no unit. Never negative.
net::Result<net::Duration> parseDuration(std::string_view text);
// "5%" or "5", from 0 to 100.
net::Result<double> parsePercent(std::string_view text);
// Bytes per second from "256KB/s", "1.5MB/s", "64KiB/s", "2000B/s", "8Mbit/s"; "0": no cap.
// K and M are 1000 and 1000000; Ki and Mi 1024 and 1048576.
net::Result<std::uint64_t> parseBandwidth(std::string_view text);
// "HOST:PORT", "[IPv6]:PORT" or "udp:HOST:PORT", HOST numeric (a relay does not resolve names).
net::Result<net::Address> parseForward(std::string_view text);

}  // namespace weft::netsim
