// Fuzzes the LAN discovery decoders: any datagram is either rejected with a described reason or
// accepted as exactly the encoding of what was decoded (so nothing unchecked slips through), and
// a browser's ServerList lists a server only for a valid answer to its own query.
//
// Input: one datagram, as it would arrive at a server or a browser. The list's first query has
// nonce 2245bd5fbb686f68 (seed 1) and game id "ARNA": seed answers with both reach the list.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/discovery/discovery_wire.h"
#include "net/discovery/server_list.h"
#include "net/testing/recording_logger.h"
#include "tests/fuzz/split_feed.h"

using weft::fuzz::require;
namespace net = weft::net;

namespace {
constexpr std::uint32_t kGame = 0x41524e41;  // "ARNA"

template <typename T>
void checkRejection(const net::Decoded<T>& decoded) {
  if (decoded) return;
  require(static_cast<std::size_t>(decoded.rejection()) < net::kRejectionCount);
  require(!net::describe(decoded.rejection()).empty());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view datagram(reinterpret_cast<const char*>(data), size);

  const auto query = net::decodeQuery(datagram);
  checkRejection(query);
  if (query) require(net::encodeQuery(query.value()) == datagram);

  const auto answer = net::decodeAnswer(datagram);
  checkRejection(answer);
  if (answer) {
    require(net::validate(answer->info).ok());
    require(net::encodeAnswer(answer.value()) == datagram);
    require(datagram.size() <= net::kDiscoveryDatagramBytes);
  }
  require(!(query && answer));

  weft::testing::RecordingLogger log;
  net::ServerListConfig config;
  config.gameId = kGame;
  config.nonceSeed = 1;
  net::ServerList list(config, nullptr, log);
  const net::TimePoint now{};
  const std::uint64_t nonce = net::decodeQuery(list.makeQuery(now))->nonce;
  const net::Address from = net::Address::loopbackIPv4(7778);
  list.datagramReceived(datagram, from, now);
  const bool listed = answer && answer->info.gameId == kGame && answer->nonce == nonce;
  require(list.servers().size() == (listed ? 1u : 0u));
  if (listed) require(list.servers()[0].info == answer->info);
  const auto& counters = list.counters();
  require(counters.answers + counters.foreignGame + counters.staleNonce +
              counters.rejected.total() ==
          1);
  // A second copy is the same server again, never a second one.
  list.datagramReceived(datagram, from, now);
  require(list.servers().size() == (listed ? 1u : 0u));
  return 0;
}
