// What weft-lan reads and prints: game ids ("ARNA" or a number), the one-line form of a found
// server, and the counters summaries. Kept apart from the commands so tests can check them.
// Tests: tests/tools/lan/lan_text_test.cpp
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/result.h"
#include "net/discovery/discovery_server.h"
#include "net/discovery/server_list.h"

namespace weft::lan {

// The id weft's demo game announces under, "ARNA" on the wire.
inline constexpr std::uint32_t kDefaultGameId = 0x41524e41;

// Four printable ASCII characters ("ARNA": their bytes, big-endian, as on the wire) or a number
// (decimal, or hex with 0x) up to 2^32 - 1. Errors name the text.
net::Result<std::uint32_t> parseGameId(std::string_view text);
// "ARNA" when all four bytes are printable letters, digits or '_' '-', otherwise "0x0000002a".
std::string formatGameId(std::uint32_t id);

// `+ "den" at 127.0.0.1:7777, 1/8 players, protocol 3, rtt 0.25 ms` with `sign` in front; the
// name as sanitizeLabel shows it, whatever it holds.
std::string describeServer(char sign, const net::DiscoveredServer& server);

std::string summary(const net::DiscoveryBrowserCounters& counters, std::size_t listed);
std::string summary(const net::DiscoveryServerCounters& counters);

}  // namespace weft::lan
