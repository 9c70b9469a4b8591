// A kind of the caller's own ("game:PORT", TCP underneath, with an option of its own) parsed
// with a table of its own, printed, and listened on and connected to through Reactor::listen
// and Reactor::connect: how a transport plugs in without editing core.
#include "net/core/endpoint_kind.h"

#include <doctest/doctest.h>

#include <string>

#include "net/core/detail/endpoint_transport.h"
#include "net/core/str_cat.h"
#include "net/endpoints/builtin_endpoints.h"
#include "net/udp/udp_endpoint.h"
#include "tests/net/core/loopback.h"

namespace weft::test {
namespace {

using net::Endpoint;
using net::EndpointField;
using net::EndpointKind;
using net::EndpointSpelling;
using net::Result;

// "rooms=N", kept in the first option slot (zero: the default, one room).
Result<void> parseRooms(std::string_view value, const EndpointSpelling&, Endpoint& e) {
  auto rooms = net::parseEndpointInteger("rooms", value, 1, 16);
  if (!rooms) return rooms.error();
  e.options[0] = *rooms - 1;
  return {};
}
std::string printRooms(const Endpoint& e) {
  return e.options[0] == 0 ? std::string() : net::strCat(e.options[0] + 1);
}
constexpr EndpointField kRooms{"rooms", false, parseRooms, printRooms};

// The game's transport is TCP's, reached through tcp's own kind.
Endpoint asTcp(Endpoint endpoint) {
  endpoint.kind = &net::kTcpKind;
  return endpoint;
}
constexpr net::detail::EndpointTransport kGameTransport{
    [](net::Reactor& reactor, const Endpoint& endpoint, net::ServerFactory& factory) {
      return net::kTcpKind.transport->listen(reactor, asTcp(endpoint), factory);
    },
    {},
    [](net::Reactor& reactor, const Endpoint& endpoint, const net::Address& address,
       net::detail::DialDone done) {
      return net::kTcpKind.transport->dial(reactor, asTcp(endpoint), address, std::move(done));
    },
    {}};

using namespace net::endpoint_fields;
constexpr EndpointKind kGameKind{"game",
                                 {},
                                 net::EndpointAddressing::Ipv4Only,
                                 "the game speaks IPv4 only",
                                 {{&kPort}, {&kInterface, &kRooms}},
                                 {{&kHost, &kPort}, {&kTimeout}},
                                 &kGameTransport};

constexpr const EndpointKind* kGameTable[] = {&kGameKind, &net::kTcpKind};

TEST_CASE("a table of the caller's own kinds parses and prints them, with their own options") {
  auto server = net::parseServerEndpoint("game:7777:rooms=3", kGameTable);
  REQUIRE_MESSAGE(server.ok(), server.error().message);
  CHECK(server->kind == &kGameKind);
  CHECK(server->port == 7777);
  CHECK(server->options[0] == 2);
  CHECK(server->toString() == "game:7777:rooms=3");
  CHECK(*net::parseServerEndpoint(server->toString(), kGameTable) == *server);
  CHECK(net::parseServerEndpoint("game:7777:rooms=1", kGameTable)->toString() == "game:7777");

  CHECK(net::parseServerEndpoint("game:7777:rooms=99", kGameTable).error().message ==
        "game:7777:rooms=99: rooms 99 is out of range (1-16)");
  CHECK(net::parseClientEndpoint("game:h:1:rooms=2", kGameTable).error().message ==
        "game:h:1:rooms=2: option 'rooms' is for game servers (game clients take: timeout)");
  CHECK(net::parseServerEndpoint("game:7777:interface=[::1]", kGameTable).error().message ==
        "game:7777:interface=[::1]: interface '[::1]' is not an IPv4 address (the game speaks "
        "IPv4 only)");
  CHECK(net::parseServerEndpoint("enet:7777", kGameTable).error().message ==
        "enet:7777: unknown endpoint type 'enet' (expected game, tcp, tcp6)");
  CHECK(net::parseServerEndpoint("7777", kGameTable).error().message ==
        "7777: unknown endpoint type '7777' (expected game, tcp, tcp6; did you mean "
        "'game:7777'?)");
}

TEST_CASE("weft's own table knows only weft's kinds") {
  CHECK(net::builtinEndpointKinds().size() == 4);
  CHECK(net::parseServerEndpoint("game:7777").error().message ==
        "game:7777: unknown endpoint type 'game' (expected tcp, tcp6, unix, udp, udp6, enet)");
}

TEST_CASE("the reactor listens on and connects to an endpoint through its kind's transport") {
  weft::testing::RecordingLogger log;
  net::SteadyClock clock;
  net::Reactor reactor(clock, quietConfig(log));
  RecorderFactory servers;
  servers.configure = [](Record& r) { r.echo = true; };
  RecorderClientFactory clients;
  clients.configure = [](Record& r) { r.greeting = "hello"; };

  auto port =
      reactor.listen(*net::parseServerEndpoint("game:0:interface=127.0.0.1", kGameTable), servers);
  REQUIRE_MESSAGE(port.ok(), port.error().message);
  CHECK((*port)->endpoint().kind == &kGameKind);
  auto to = net::parseClientEndpoint(net::strCat("game:127.0.0.1:", (*port)->address().port()),
                                     kGameTable);
  REQUIRE(to.ok());
  auto connector = reactor.connect(*to, clients);
  CHECK(weft::testing::pumpUntil(
      reactor, [&] { return !clients.records.empty() && clients.records[0].received == "hello"; }));
  CHECK(servers.started == 1);
  port->reset();
  connector.reset();
  CHECK(weft::testing::pumpUntil(reactor, [&] { return reactor.openHandles() == 0; }));
}

TEST_CASE("a kind without a way to listen or connect is refused with its own sentence") {
  weft::testing::RecordingLogger log;
  net::SteadyClock clock;
  net::Reactor reactor(clock, quietConfig(log));
  RecorderFactory servers;
  auto port = reactor.listen(*net::parseServerEndpoint("udp:0"), servers);
  REQUIRE_FALSE(port.ok());
  CHECK(port.error().message == "udp:0: UDP endpoints listen with listenUdp");
  CHECK(servers.started == 0);
}

}  // namespace
}  // namespace weft::test
