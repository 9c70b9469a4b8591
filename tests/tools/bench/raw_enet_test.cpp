#include "tools/bench/raw_enet.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

using weft::bench::RawEnetClient;
using namespace std::chrono_literals;

TEST_CASE("RawEnetClient::connect says how many peers connected when the server stays silent") {
  // A UDP port that is bound (so no ICMP error comes back) but never answers.
  const int silent = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(silent >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(silent, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  const std::uint16_t port = ntohs(address.sin_port);

  const auto start = std::chrono::steady_clock::now();
  auto client = RawEnetClient::connect(port, 2, 200ms);
  const auto waited = std::chrono::steady_clock::now() - start;
  ::close(silent);
  REQUIRE(!client.ok());
  CHECK(client.error().message ==
        "0 of 2 ENet peers connected to 127.0.0.1:" + std::to_string(port) + " within 200 ms");
  CHECK(waited >= 200ms);
  CHECK(waited < 5s);  // bounded by its limit, not by ENet's own 30 s connect timeout
}
