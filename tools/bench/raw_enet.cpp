#include "tools/bench/raw_enet.h"

#include <cerrno>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

namespace {

using Steady = std::chrono::steady_clock;

// enet_host_service blocks in poll() for at most this long per call, so a deadline is noticed
// within it.
constexpr enet_uint32 kWaitSliceMs = 10;

}  // namespace

net::Result<std::unique_ptr<RawEnetClient>> RawEnetClient::connect(
    std::uint16_t port, std::size_t peers, std::chrono::milliseconds limit) {
  auto library = net::detail::EnetLibrary::acquire();
  if (!library) return library.error();
  ENetHost* host = enet_host_create(nullptr, peers, kEchoChannels, 0, 0);
  if (host == nullptr) {
    return net::Error{
        strCat("cannot create an ENet client host for ", peers, " peers: ", std::strerror(errno))};
  }
  std::unique_ptr<RawEnetClient> client(new RawEnetClient(std::move(*library), host));
  ENetAddress server{};
  enet_address_set_host_ip(&server, "127.0.0.1");
  server.port = port;
  for (std::size_t i = 0; i < peers; ++i) {
    ENetPeer* peer = enet_host_connect(host, &server, kEchoChannels, 0);
    if (peer == nullptr) return net::Error{strCat("ENet has no free slot for peer ", i + 1)};
    client->peers_.push_back(peer);
  }
  std::size_t connected = 0;
  const Steady::time_point deadline = Steady::now() + limit;
  ENetEvent event;
  while (connected < peers && Steady::now() < deadline) {
    const int result = enet_host_service(host, &event, kWaitSliceMs);
    if (result < 0) return net::Error{"enet_host_service failed while connecting"};
    if (result == 0) continue;
    switch (event.type) {
      case ENET_EVENT_TYPE_CONNECT:
        ++connected;
        break;
      case ENET_EVENT_TYPE_RECEIVE:
        enet_packet_destroy(event.packet);
        break;
      case ENET_EVENT_TYPE_DISCONNECT:
        return net::Error{strCat("the server at 127.0.0.1:", port, " refused peer ",
                                 event.peer - host->peers + 1, " (ENet code ", event.data, ")")};
      case ENET_EVENT_TYPE_NONE:
        break;
    }
  }
  if (connected < peers) {
    return net::Error{strCat(connected, " of ", peers, " ENet peers connected to 127.0.0.1:", port,
                             " within ", limit.count(), " ms")};
  }
  return client;
}

RawEnetClient::~RawEnetClient() {
  enet_host_destroy(host_);
}

net::Result<void> RawEnetClient::disconnect(std::chrono::milliseconds limit) {
  for (ENetPeer* peer : peers_) enet_peer_disconnect_later(peer, 0);
  std::size_t open = peers_.size();
  const Steady::time_point deadline = Steady::now() + limit;
  ENetEvent event;
  while (open > 0 && Steady::now() < deadline) {
    const int result = enet_host_service(host_, &event, kWaitSliceMs);
    if (result < 0) return net::Error{"enet_host_service failed while disconnecting"};
    if (result == 0) continue;
    if (event.type == ENET_EVENT_TYPE_RECEIVE) enet_packet_destroy(event.packet);
    if (event.type == ENET_EVENT_TYPE_DISCONNECT) --open;
  }
  if (open > 0) {
    return net::Error{strCat(open, " of ", peers_.size(), " ENet peers did not confirm their ",
                             "disconnect within ", limit.count(), " ms")};
  }
  peers_.clear();
  return {};
}

}  // namespace weft::bench
