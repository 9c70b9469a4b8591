// The MessageTransport contract over MessageProtocol's length-prefixed frames on a real TCP
// connection over loopback (127.0.0.1, a port the system picks), pumped by the Reactor; and what
// the server holds of a message a peer streams.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "net/core/byte_reader.h"
#include "tests/net/messages/message_transport_contract.h"
#include "tests/net/messages/reactor_pair.h"

namespace weft::test {

struct TcpSockets {
  static constexpr bool kMayLoseUnreliable = false;
  static net::Endpoint server() { return tcpServer("127.0.0.1"); }
  static net::Endpoint clientFor(const net::Address& address) { return test::clientFor(address); }
};
using FramedTcp = ReactorPair<TcpSockets>;

}  // namespace weft::test

TYPE_TO_STRING(weft::test::FramedTcp);
namespace weft::test {
WEFT_MESSAGE_TRANSPORT_CONTRACT(FramedTcp);

// Beyond the contract: what a framed TCP server holds for a peer that streams a long message.
TEST_CASE(
    "over TCP a peer that has said nothing yet makes the server hold at most a first message") {
  FramedTcp f;
  f.server.config = {.maxMessageBytes = 64 * 1024, .maxFirstMessageBytes = 1000};
  f.connect();
  net::Transport& raw = f.client.protocol->transport();  // bytes past the client's framing
  const auto stream = [&](std::uint32_t announced) {
    net::ByteWriter prefix;
    prefix.u32(announced + 1).u8(0);
    raw.write(prefix.data());
    std::size_t mostHeld = 0;
    std::size_t sent = 0;
    f.settle([&] {
      if (f.server.protocol == nullptr) return true;
      mostHeld = std::max(mostHeld, f.server.messages().stats().incomingBytes);
      if (sent < announced && raw.bufferedBytes() < 16 * 1024) {
        const std::size_t piece = std::min<std::size_t>(4096, announced - sent - 1);
        raw.write(std::string(piece, 's'));  // all but its last byte, so it never completes
        sent += piece;
      }
      // Done once the server closed, or holds everything sent (the prefix is read already).
      return f.server.lostCount > 0 || (sent + 1 >= announced && mostHeld == 1 + sent);
    });
    return mostHeld;
  };
  SUBCASE("a first message within the first limit is held as it arrives") {
    const std::size_t held = stream(1000);
    CHECK(held == 1000);  // the channel byte and all but the last byte of the message
    CHECK(f.server.lostCount == 0);
  }
  SUBCASE("one longer is refused at its prefix: nothing of it is held") {
    CHECK(stream(60 * 1024) == 0);
    REQUIRE(f.settle([&] { return f.server.lostCount > 0 && f.client.lostCount > 0; }));
    CHECK(f.server.lost->code == net::ReasonCode::MessageTooLarge);
    CHECK(f.server.lost->detail.find("maxFirstMessageBytes") != std::string::npos);
  }
}

}  // namespace weft::test
