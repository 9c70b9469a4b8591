// weft-bench enet-echo-server (hidden): the server process of `weft-bench enet-echo` and
// `weft-bench enet-peers`, started by them pinned to its own CPU. It answers every message with
// the same bytes on the same channel (reliably on channel 0, unreliably on channel 1: see
// raw_enet.h), listens on 127.0.0.1:0, prints "listening <port> cpu <cpu>", and exits 0 once
// its last peer has disconnected.
//   --kind weft: Reactor::run with an ENet Port and a MessageProtocol whose messageReceived
//     calls send(). run() sleeps in epoll_wait until the ENet socket is readable or weft's
//     10 ms ENet service tick is due; each wake-up drains enet_host_service(host, 0) until it
//     has nothing left, and the echoes queued meanwhile go out in one enet_host_flush at the end
//     of the dispatch (so a burst of requests is answered in as few datagrams as ENet packs).
//     With --batch SECONDS, its endpoint says batch=SECONDS: datagrams arriving sooner than that
//     after the last service wait in the socket and are served together (EnetOptions::batch).
//   --kind raw: the ENet tutorial's loop, written the straightforward way: enet_host_service
//     with a 10 ms timeout (it sleeps in poll() on the socket), and for each received packet
//     enet_packet_create + enet_peer_send + enet_host_flush (so every echo leaves at once, in
//     a datagram of its own).
// Run: weft-bench enet-echo-server --kind weft --cpu 0 [--peers N] [--batch SECONDS]
// Tests: tests/tools/bench/enet_bench_test.cpp (through enet-echo and enet-peers)

#include <enet/enet.h>

#include <iostream>
#include <memory>
#include <string>

#include "net/core/factory.h"
#include "net/core/port.h"
#include "net/core/reactor.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/enet/enet_library.h"
#include "net/protocols/message_protocol.h"
#include "tools/bench/command.h"
#include "tools/bench/cpu_affinity.h"
#include "tools/bench/raw_enet.h"

namespace weft::bench {
namespace {

using net::strCat;

constexpr int kMaxPeers = 4094;            // what an enet: endpoint accepts
constexpr enet_uint32 kRawTimeoutMs = 10;  // the raw loop's service timeout, weft's tick too

struct ServerOptions {
  std::string kind = "weft";
  int cpu = 0;
  int peers = 1;
  std::string batch;  // weft only: the endpoint's batch=, in seconds
};

// The line the benchmark waits for and parses.
void announce(std::uint16_t port) {
  std::cout << "listening " << port << " cpu " << currentCpu() << std::endl;
}

int failure(const std::string& why) {
  std::cerr << "weft-bench enet-echo-server: " << why << '\n';
  return 1;
}

// The connections alive, so the server can leave with its last one.
struct Occupancy {
  net::Reactor* reactor = nullptr;
  int live = 0;
};

class EchoMessages final : public net::MessageProtocol {
 public:
  explicit EchoMessages(Occupancy& occupancy) : occupancy_(occupancy) {}
  void connectionMade() override { ++occupancy_.live; }
  void messageReceived(std::uint8_t channel, std::string_view message) override {
    send(channel, message,
         channel == kReliableChannel ? net::Delivery::Reliable : net::Delivery::Unreliable);
  }
  void connectionLost(const net::Reason&) override {
    if (--occupancy_.live == 0) occupancy_.reactor->stop();
  }

 private:
  Occupancy& occupancy_;
};

class EchoFactory final : public net::ServerFactory {
 public:
  explicit EchoFactory(Occupancy& occupancy) : occupancy_(occupancy) {}
  std::unique_ptr<net::Protocol> buildProtocol(const net::Address&) override {
    return std::make_unique<EchoMessages>(occupancy_);
  }

 private:
  Occupancy& occupancy_;
};

int serveWeft(int peers, const std::string& batch) {
  Occupancy occupancy;
  EchoFactory factory(occupancy);
  net::SteadyClock clock;
  net::StderrLogger logger(net::LogLevel::Warning);
  net::ReactorConfig config;
  config.logger = &logger;
  net::Reactor reactor(clock, config);
  occupancy.reactor = &reactor;
  auto endpoint = net::parseServerEndpoint(strCat("enet:0:interface=127.0.0.1:peers=", peers,
                                                  ":channels=", kEchoChannels,
                                                  batch.empty() ? "" : ":batch=", batch));
  if (!endpoint) return failure(endpoint.error().message);
  auto port = reactor.listen(*endpoint, factory);
  if (!port) return failure(port.error().message);
  announce((*port)->address().port());
  reactor.run();
  return 0;
}

int serveRaw(int peers) {
  auto library = net::detail::EnetLibrary::acquire();
  if (!library) return failure(library.error().message);
  ENetAddress address{};
  enet_address_set_host_ip(&address, "127.0.0.1");
  address.port = 0;
  // As weft's server does: one slot more than the peers it serves.
  ENetHost* host =
      enet_host_create(&address, static_cast<std::size_t>(peers) + 1, kEchoChannels, 0, 0);
  if (host == nullptr) return failure("cannot create an ENet host on 127.0.0.1");
  if (enet_socket_get_address(host->socket, &address) != 0) {
    enet_host_destroy(host);
    return failure("cannot read the ENet host's port");
  }
  announce(address.port);
  int live = 0;
  bool served = false;
  ENetEvent event;
  while (!served || live > 0) {
    const int result = enet_host_service(host, &event, kRawTimeoutMs);
    if (result < 0) {
      enet_host_destroy(host);
      return failure("enet_host_service failed");
    }
    if (result == 0) continue;
    switch (event.type) {
      case ENET_EVENT_TYPE_CONNECT:
        ++live;
        served = true;
        break;
      case ENET_EVENT_TYPE_RECEIVE: {
        ENetPacket* echo = enet_packet_create(event.packet->data, event.packet->dataLength,
                                              echoPacketFlags(event.channelID));
        enet_packet_destroy(event.packet);
        if (echo != nullptr && enet_peer_send(event.peer, event.channelID, echo) < 0) {
          enet_packet_destroy(echo);
        }
        enet_host_flush(host);
        break;
      }
      case ENET_EVENT_TYPE_DISCONNECT:
        --live;
        break;
      case ENET_EVENT_TYPE_NONE:
        break;
    }
  }
  enet_host_destroy(host);
  return 0;
}

int runServer(const ServerOptions& options) {
  if (auto pinned = pinToCpu(options.cpu); !pinned) return failure(pinned.error().message);
  if (options.kind == "raw" && !options.batch.empty()) {
    return failure("--batch is a weft endpoint option; the raw server has none");
  }
  return options.kind == "raw" ? serveRaw(options.peers) : serveWeft(options.peers, options.batch);
}

}  // namespace

Command enetEchoServerCommand(CLI::App& parent) {
  auto options = std::make_shared<ServerOptions>();
  CLI::App* cli = parent.add_subcommand(
      "enet-echo-server",
      "The ENet server process of enet-echo and enet-peers (started by them; not for direct use)");
  cli->group("");  // hidden from weft-bench --help
  cli->add_option("--kind", options->kind,
                  "weft (Reactor::run + MessageProtocol) or raw (an enet_host_service loop)")
      ->check(CLI::IsMember({"weft", "raw"}))
      ->required();
  cli->add_option("--cpu", options->cpu, "CPU to pin this process to")->required();
  cli->add_option("--peers", options->peers, "Peers to accept")
      ->check(CLI::Range(1, kMaxPeers))
      ->capture_default_str();
  cli->add_option("--batch", options->batch,
                  "weft: serve at most once per SECONDS (the endpoint's batch=), e.g. 0.016");
  return {cli, [options] { return runServer(*options); }};
}

}  // namespace weft::bench
