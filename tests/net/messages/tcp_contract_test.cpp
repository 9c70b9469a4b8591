// The MessageTransport contract over MessageProtocol's length-prefixed frames on a real TCP
// connection over loopback (127.0.0.1, a port the system picks), pumped by the Reactor.
#include <doctest/doctest.h>

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
}
