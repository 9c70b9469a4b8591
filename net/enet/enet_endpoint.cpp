#include "net/enet/enet_endpoint.h"

#include <charconv>

#include "net/core/assert.h"
#include "net/core/detail/endpoint_transport.h"
#include "net/core/endpoint_kind.h"
#include "net/core/endpoint_syntax.h"
#include "net/core/str_cat.h"
#include "net/enet/enet_dial_host.h"
#include "net/enet/enet_server_host.h"

namespace weft::net {

namespace {

using namespace endpoint_fields;

// Endpoint::options slots. Zero must mean the default, so the counts are kept as their
// difference from it.
enum Slot : std::size_t { kChannelsSlot, kPeersSlot, kInSlot, kOutSlot, kBatchSlot };

// A batch is a fraction of a frame or a tick; a second already costs ENet's pings their meaning.
constexpr Duration kMaxBatch = std::chrono::seconds(1);

Result<void> parseChannels(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  // ENet's own limit (ENET_PROTOCOL_MAXIMUM_CHANNEL_COUNT); 255 keeps a channel in one byte.
  auto channels = parseEndpointInteger("channels", value, 1, 255);
  if (!channels) return channels.error();
  e.options[kChannelsSlot] = *channels - EnetOptions::kDefaultChannels;
  return {};
}

std::string printChannels(const Endpoint& e) {
  const int channels = enetOptions(e).channels;
  return channels == EnetOptions::kDefaultChannels ? std::string() : strCat(channels);
}

Result<void> parsePeers(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  // ENet numbers peers in 12 bits (4095 slots); a server keeps at least one more for handshakes.
  auto peers = parseEndpointInteger("peers", value, 1, 4094);
  if (!peers) return peers.error();
  e.options[kPeersSlot] = *peers - EnetOptions::kDefaultPeers;
  return {};
}

std::string printPeers(const Endpoint& e) {
  const int peers = enetOptions(e).peers;
  return peers == EnetOptions::kDefaultPeers ? std::string() : strCat(peers);
}

// Bytes per second, 0 for no limit: ENet's incoming/outgoing bandwidth.
Result<void> parseBandwidth(std::string_view what, std::string_view value, std::int64_t& out) {
  if (!detail::isDigits(value)) {
    return Error{strCat(what, " '", value, "' is not a number of bytes per second")};
  }
  std::uint64_t bytes = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bytes);
  if (ec != std::errc{} || bytes > 0xFFFFFFFFu) {
    return Error{strCat(what, " ", value, " is out of range (0-4294967295 bytes per second)")};
  }
  out = static_cast<std::int64_t>(bytes);
  return {};
}

Result<void> parseBandwidthIn(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  return parseBandwidth("in", value, e.options[kInSlot]);
}
Result<void> parseBandwidthOut(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  return parseBandwidth("out", value, e.options[kOutSlot]);
}
std::string printBandwidthIn(const Endpoint& e) {
  return e.options[kInSlot] == 0 ? std::string() : strCat(e.options[kInSlot]);
}
std::string printBandwidthOut(const Endpoint& e) {
  return e.options[kOutSlot] == 0 ? std::string() : strCat(e.options[kOutSlot]);
}

Result<void> parseBatch(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  auto batch = parseEndpointSeconds("batch", value, true, kMaxBatch);
  if (!batch) return batch.error();
  e.options[kBatchSlot] = batch->count();
  return {};
}

std::string printBatch(const Endpoint& e) {
  const Duration batch = enetOptions(e).batch;
  return batch == Duration::zero() ? std::string() : formatEndpointSeconds(batch);
}

constexpr EndpointField kChannels{"channels", false, parseChannels, printChannels};
constexpr EndpointField kPeers{"peers", false, parsePeers, printPeers};
constexpr EndpointField kBandwidthIn{"in", false, parseBandwidthIn, printBandwidthIn};
constexpr EndpointField kBandwidthOut{"out", false, parseBandwidthOut, printBandwidthOut};
constexpr EndpointField kBatch{"batch", false, parseBatch, printBatch};

constexpr detail::EndpointTransport kEnetTransport{
    detail::EnetServerHost::listen, {}, detail::EnetDialHost::dial, {}};

}  // namespace

// ENet speaks IPv4 only (its ENetAddress holds one).
constexpr EndpointKind kEnetKind{
    "enet",
    {},
    EndpointAddressing::Ipv4Only,
    "ENet speaks IPv4 only",
    {{&kPort}, {&kInterface, &kChannels, &kPeers, &kBandwidthIn, &kBandwidthOut, &kBatch}},
    {{&kHost, &kPort}, {&kTimeout, &kChannels, &kBandwidthIn, &kBandwidthOut}},
    &kEnetTransport};

EnetOptions enetOptions(const Endpoint& endpoint) {
  WEFT_ASSERT(endpoint.kind == &kEnetKind, "enetOptions: the endpoint is not an enet: one");
  const auto& slot = endpoint.options;
  return {.channels = EnetOptions::kDefaultChannels + static_cast<int>(slot[kChannelsSlot]),
          .peers = EnetOptions::kDefaultPeers + static_cast<int>(slot[kPeersSlot]),
          .bandwidthIn = static_cast<std::uint32_t>(slot[kInSlot]),
          .bandwidthOut = static_cast<std::uint32_t>(slot[kOutSlot]),
          .batch = Duration(slot[kBatchSlot])};
}

}  // namespace weft::net
