// The MessageTransport contract over ENet peers inside the Reactor, on loopback (127.0.0.1, a UDP
// port the system picks): ENet's own channels and delivery modes, no framing of weft's.
#include <doctest/doctest.h>

#include "tests/net/messages/message_transport_contract.h"
#include "tests/net/messages/reactor_pair.h"

namespace weft::test {

struct EnetSockets {
  static constexpr bool kMayLoseUnreliable = true;  // UDP, even if loopback rarely loses
  static net::Endpoint server() { return enetServer(); }
  static net::Endpoint clientFor(const net::Address& address) { return enetClient(address); }
};
using EnetPeers = ReactorPair<EnetSockets>;

}  // namespace weft::test

TYPE_TO_STRING(weft::test::EnetPeers);
namespace weft::test {
WEFT_MESSAGE_TRANSPORT_CONTRACT(EnetPeers);
}
