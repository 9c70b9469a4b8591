// ForgedConnects: ENet CONNECT commands, 52 bytes each, from many loopback source addresses
// (127.0.0.2, 127.0.0.3, ...) and ports that never answer the server — ENet's SYN flood, the
// way a spoofing sender would make it, for tests. Plain datagram sockets bound to 127.0.0.N
// stand in for spoofed sources: Linux routes all of 127.0.0.0/8 to loopback, so no privilege
// and no traffic beyond loopback.
#pragma once

#include <enet/enet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "net/core/address.h"

namespace weft::test {

class ForgedConnects {
 public:
  // `addresses` sources from 127.0.0.`firstHost` on, `portsPerAddress` sockets (ports) each.
  ForgedConnects(int addresses, int portsPerAddress, int firstHost = 2) {
    for (int a = 0; a < addresses; ++a) {
      for (int p = 0; p < portsPerAddress; ++p) {
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        sockaddr_in from{};
        from.sin_family = AF_INET;
        from.sin_addr.s_addr = htonl(0x7F000000u | static_cast<std::uint32_t>(firstHost + a));
        REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) == 0);
        sockets_.push_back(fd);
      }
    }
  }
  ~ForgedConnects() {
    for (int fd : sockets_) ::close(fd);
  }
  ForgedConnects(const ForgedConnects&) = delete;
  ForgedConnects& operator=(const ForgedConnects&) = delete;

  // One CONNECT from every source to `server`, each a new connection attempt (a new connect
  // id); the answers are never read. Returns the datagrams the system took.
  std::size_t sendRound(const net::Address& server) {
    std::size_t taken = 0;
    for (int fd : sockets_) {
      const auto datagram = connect(++connectId_);
      if (::sendto(fd, datagram.data(), datagram.size(), 0, server.sockaddrPointer(),
                   server.sockaddrLength()) == static_cast<ssize_t>(datagram.size())) {
        ++taken;
      }
    }
    sent_ += taken;
    return taken;
  }

  // The next datagram the server sent to source `index` (in the order of the constructor's
  // loops), or none waiting.
  std::optional<std::vector<std::uint8_t>> receive(std::size_t index) {
    std::vector<std::uint8_t> datagram(ENET_PROTOCOL_MAXIMUM_MTU);
    const ssize_t n = ::recv(sockets_.at(index), datagram.data(), datagram.size(), 0);
    if (n < 0) return std::nullopt;
    datagram.resize(static_cast<std::size_t>(n));
    return datagram;
  }

  std::size_t sources() const { return sockets_.size(); }
  int socket(std::size_t index) const { return sockets_.at(index); }
  std::size_t sent() const { return sent_; }

  // What enet_host_connect sends: a header with a sent time, then one CONNECT (48 bytes).
  static std::array<std::uint8_t, 52> connect(std::uint32_t connectId) {
    ENetProtocolHeader header{};
    header.peerID =
        ENET_HOST_TO_NET_16(static_cast<enet_uint16>(ENET_PROTOCOL_MAXIMUM_PEER_ID) |
                            static_cast<enet_uint16>(ENET_PROTOCOL_HEADER_FLAG_SENT_TIME));
    header.sentTime = ENET_HOST_TO_NET_16(1);
    ENetProtocolConnect c{};
    c.header.command = static_cast<enet_uint8>(ENET_PROTOCOL_COMMAND_CONNECT) |
                       static_cast<enet_uint8>(ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE);
    c.header.channelID = 0xFF;
    c.header.reliableSequenceNumber = ENET_HOST_TO_NET_16(1);
    c.outgoingPeerID = 0;
    c.incomingSessionID = 0xFF;
    c.outgoingSessionID = 0xFF;
    c.mtu = ENET_HOST_TO_NET_32(ENET_HOST_DEFAULT_MTU);
    c.windowSize = ENET_HOST_TO_NET_32(ENET_PROTOCOL_MAXIMUM_WINDOW_SIZE);
    c.channelCount = ENET_HOST_TO_NET_32(4);
    c.packetThrottleInterval = ENET_HOST_TO_NET_32(ENET_PEER_PACKET_THROTTLE_INTERVAL);
    c.packetThrottleAcceleration = ENET_HOST_TO_NET_32(ENET_PEER_PACKET_THROTTLE_ACCELERATION);
    c.packetThrottleDeceleration = ENET_HOST_TO_NET_32(ENET_PEER_PACKET_THROTTLE_DECELERATION);
    c.connectID = connectId;
    std::array<std::uint8_t, 52> out{};
    static_assert(sizeof header + sizeof c == out.size());
    std::memcpy(out.data(), &header, sizeof header);
    std::memcpy(out.data() + sizeof header, &c, sizeof c);
    return out;
  }

 private:
  std::vector<int> sockets_;
  std::uint32_t connectId_ = 0x5EED0000u;
  std::size_t sent_ = 0;
};

}  // namespace weft::test
