#include "tools/lan/lan_text.h"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "net/core/str_cat.h"
#include "net/text/display_text.h"

namespace weft::lan {

namespace {
bool tagCharacter(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-';
}
}  // namespace

net::Result<std::uint32_t> parseGameId(std::string_view text) {
  const bool hex = text.starts_with("0x") || text.starts_with("0X");
  const std::string_view digits = hex ? text.substr(2) : text;
  std::uint32_t value = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (!digits.empty() && error == std::errc() && end == digits.data() + digits.size()) {
    return value;
  }
  if (text.size() == 4 && !hex) {
    std::uint32_t tag = 0;
    bool printable = true;
    for (char c : text) {
      printable = printable && tagCharacter(static_cast<unsigned char>(c));
      tag = (tag << 8) | static_cast<unsigned char>(c);
    }
    if (printable) return tag;
  }
  return net::Error{net::strCat("game id '", text,
                                "' is neither four letters or digits (like ARNA) nor a number "
                                "from 0 to 4294967295 (decimal, or hex with 0x)")};
}

std::string formatGameId(std::uint32_t id) {
  std::string tag;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto c = static_cast<unsigned char>((id >> shift) & 0xff);
    if (!tagCharacter(c)) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%08x", static_cast<unsigned>(id));
      return hex;
    }
    tag.push_back(static_cast<char>(c));
  }
  return tag;
}

std::string describeServer(char sign, const net::DiscoveredServer& server) {
  const net::LanServerInfo& info = server.info;
  char rtt[32];
  std::snprintf(rtt, sizeof rtt, "%.2f ms", net::toSeconds(server.rtt) * 1000);
  // The decoder refused any name that is not a clean label; it is printed through
  // sanitizeLabel all the same, as everything that came from the network is.
  return net::strCat(sign, " \"", net::sanitizeLabel(info.name), "\" at ",
                     server.gameAddress.toString(), ", ", info.players, "/", info.maxPlayers,
                     " players, protocol ", info.protocolVersion, ", rtt ", rtt);
}

std::string summary(const net::DiscoveryBrowserCounters& c, std::size_t listed) {
  return net::strCat("queries ", c.queriesSent, ", answers ", c.answers, ", servers listed ",
                     listed, ", timed out ", c.serversTimedOut, ", rejected ", c.rejected.total(),
                     ", other games ", c.foreignGame, ", stale ", c.staleNonce, ", send failures ",
                     c.sendFailures);
}

std::string summary(const net::DiscoveryServerCounters& c) {
  return net::strCat("queries ", c.queries, ", answers ", c.answers, " (", c.answersToKnown,
                     " to known hosts), rate-limited ", c.rateLimited, ", rejected ",
                     c.rejected.total(), ", other games ", c.foreignGame, ", send failures ",
                     c.sendFailures);
}

}  // namespace weft::lan
