#include "net/core/endpoint.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "net/endpoints/builtin_endpoints.h"
#include "net/enet/enet_endpoint.h"
#include "net/udp/udp_endpoint.h"

using namespace std::chrono_literals;
using weft::net::Address;
using weft::net::Endpoint;
using weft::net::parseClientEndpoint;
using weft::net::parseServerEndpoint;
using Family = Address::Family;
using weft::net::enetOptions;
using weft::net::EnetOptions;
using weft::net::kEnetKind;
using weft::net::kTcpKind;
using weft::net::kUdpKind;
using weft::net::kUnixKind;
using Role = Endpoint::Role;

namespace doctest {
template <>
struct StringMaker<Endpoint> {
  static String convert(const Endpoint& e) { return e.toString().c_str(); }
};
}  // namespace doctest

namespace {

Endpoint server(std::string_view text) {
  auto parsed = parseServerEndpoint(text);
  if (!parsed) FAIL(parsed.error().message);
  return *parsed;
}

Endpoint client(std::string_view text) {
  auto parsed = parseClientEndpoint(text);
  if (!parsed) FAIL(parsed.error().message);
  return *parsed;
}

std::string serverError(std::string_view text) {
  auto parsed = parseServerEndpoint(text);
  if (parsed) FAIL("'" << std::string(text) << "' parsed as " << parsed->toString());
  return parsed.error().message;
}

std::string clientError(std::string_view text) {
  auto parsed = parseClientEndpoint(text);
  if (parsed) FAIL("'" << std::string(text) << "' parsed as " << parsed->toString());
  return parsed.error().message;
}

}  // namespace

// ---- Servers -------------------------------------------------------------------------------

TEST_CASE("a tcp server listens on every IPv4 interface unless given one") {
  Endpoint all = server("tcp:7777");
  CHECK(all.kind == &kTcpKind);
  CHECK(all.role == Role::Server);
  CHECK(all.family == Family::IPv4);
  CHECK(all.host == "0.0.0.0");
  CHECK(all.port == 7777);
  CHECK(all.backlog == Endpoint::kDefaultBacklog);

  Endpoint one = server("tcp:7777:interface=127.0.0.1");
  CHECK(one.host == "127.0.0.1");
  CHECK(one.family == Family::IPv4);
}

TEST_CASE("port 0 lets the OS pick a server's port but is no port to connect to") {
  CHECK(server("tcp:0").port == 0);
  CHECK(server("udp:0").port == 0);
  CHECK(clientError("tcp:example.org:0") == "tcp:example.org:0: port 0 is out of range (1-65535)");
}

TEST_CASE("a tcp or unix server takes a listen backlog") {
  CHECK(server("tcp:7777:backlog=50").backlog == 50);
  CHECK(server("unix:/tmp/chat.sock:backlog=5").backlog == 5);
}

TEST_CASE("a tcp6 server listens on :: and takes only IPv6 interfaces") {
  Endpoint all = server("tcp6:7777");
  CHECK(all.kind == &kTcpKind);
  CHECK(all.family == Family::IPv6);
  CHECK(all.host == "::");

  CHECK(server("tcp6:7777:interface=[::1]").host == "::1");
  CHECK(serverError("tcp6:7777:interface=127.0.0.1") ==
        "tcp6:7777:interface=127.0.0.1: interface '127.0.0.1' is not an IPv6 address (tcp6 is "
        "IPv6 only)");
}

TEST_CASE("a numeric IPv6 interface makes a tcp server IPv6") {
  Endpoint bracketed = server("tcp:7777:interface=[::1]");
  CHECK(bracketed.family == Family::IPv6);
  CHECK(bracketed.host == "::1");
  CHECK(server(R"(tcp:7777:interface=\:\:1)") == bracketed);
  CHECK(server("tcp6:7777:interface=[::1]") == bracketed);
  SUBCASE("and is kept in the form inet_ntop prints") {
    CHECK(server("tcp:7777:interface=[0:0:0:0:0:0:0:1]") == bracketed);
  }
}

TEST_CASE("a server interface must be numeric, since listening does no DNS") {
  CHECK(serverError("tcp:7777:interface=localhost") ==
        "tcp:7777:interface=localhost: interface 'localhost' must be a numeric address");
}

TEST_CASE("a unix server takes a path") {
  Endpoint e = server("unix:/tmp/chat.sock");
  CHECK(e.kind == &kUnixKind);
  CHECK(e.family == Family::Unix);
  CHECK(e.path == "/tmp/chat.sock");
  CHECK(e.host.empty());
  CHECK(e.port == 0);
}

TEST_CASE("udp and udp6 servers take a port and an interface") {
  Endpoint v4 = server("udp:9000:interface=127.0.0.1");
  CHECK(v4.kind == &kUdpKind);
  CHECK(v4.family == Family::IPv4);
  CHECK(v4.host == "127.0.0.1");
  CHECK(v4.port == 9000);

  Endpoint v6 = server("udp6:9000");
  CHECK(v6.kind == &kUdpKind);
  CHECK(v6.family == Family::IPv6);
  CHECK(v6.host == "::");
  CHECK(server("udp:9000:interface=[::]") == v6);
}

// ---- Clients -------------------------------------------------------------------------------

TEST_CASE("a tcp client to a host name leaves the family to the resolver") {
  Endpoint e = client("tcp:example.org:7777");
  CHECK(e.kind == &kTcpKind);
  CHECK(e.role == Role::Client);
  CHECK(e.family == Family::None);
  CHECK(e.host == "example.org");
  CHECK(e.port == 7777);
  CHECK(e.timeout == Endpoint::kDefaultTimeout);
  CHECK(client("tcp:example.org.:7777").host == "example.org.");
  CHECK(client("tcp:game_server-1.lan:7777").host == "game_server-1.lan");
}

TEST_CASE("a tcp client to a numeric host knows its family") {
  Endpoint v4 = client("tcp:10.0.0.5:7777");
  CHECK(v4.family == Family::IPv4);
  CHECK(v4.host == "10.0.0.5");

  Endpoint v6 = client("tcp:[::1]:7777");
  CHECK(v6.family == Family::IPv6);
  CHECK(v6.host == "::1");
  CHECK(client("tcp6:[::1]:7777") == v6);
  CHECK(client(R"(tcp:\:\:1:7777)") == v6);
  CHECK(client("tcp:host=[::1]:port=7777") == v6);
}

TEST_CASE("a tcp6 client is IPv6 even when its host is a name") {
  Endpoint e = client("tcp6:example.org:7777");
  CHECK(e.family == Family::IPv6);
  CHECK(e.host == "example.org");
  CHECK(clientError("tcp6:127.0.0.1:7777") ==
        "tcp6:127.0.0.1:7777: host '127.0.0.1' is not an IPv6 address (tcp6 is IPv6 only)");
}

TEST_CASE("a client given only a port connects to loopback") {
  CHECK(client("tcp:7777") == client("tcp:127.0.0.1:7777"));
  CHECK(client("tcp6:7777") == client("tcp6:[::1]:7777"));
  CHECK(client("udp:9000") == client("udp:127.0.0.1:9000"));
  CHECK(client("tcp:port=7777") == client("tcp:127.0.0.1:7777"));
}

TEST_CASE("a client timeout is decimal seconds, exact to the nanosecond") {
  CHECK(client("tcp:example.org:7777:timeout=5").timeout == 5s);
  CHECK(client("tcp:example.org:7777:timeout=1.5").timeout == 1500ms);
  CHECK(client("tcp:example.org:7777:timeout=.25").timeout == 250ms);
  CHECK(client("tcp:example.org:7777:timeout=0.000000001").timeout == 1ns);
  CHECK(client("tcp:example.org:7777:timeout=86400").timeout == 24h);
  SUBCASE("digits past the nanosecond are ignored") {
    CHECK(client("tcp:h:1:timeout=1.0000000019").timeout == 1s + 1ns);
  }
}

TEST_CASE("a unix client takes a path and a timeout") {
  Endpoint e = client("unix:/tmp/chat.sock:timeout=2");
  CHECK(e.kind == &kUnixKind);
  CHECK(e.role == Role::Client);
  CHECK(e.family == Family::Unix);
  CHECK(e.path == "/tmp/chat.sock");
  CHECK(e.timeout == 2s);
}

TEST_CASE("a udp client takes a host and port") {
  Endpoint e = client("udp:example.org:9000");
  CHECK(e.kind == &kUdpKind);
  CHECK(e.family == Family::None);
  CHECK(e.host == "example.org");
  CHECK(e.port == 9000);
  CHECK(client("udp6:[::1]:9000").family == Family::IPv6);
}

// ---- Syntax shared by both -----------------------------------------------------------------

TEST_CASE("keyword and positional forms give the same endpoint, options in any order") {
  CHECK(server("tcp:port=7777:interface=127.0.0.1") == server("tcp:7777:interface=127.0.0.1"));
  CHECK(server("tcp:backlog=5:interface=127.0.0.1:7777") ==
        server("tcp:7777:interface=127.0.0.1:backlog=5"));
  CHECK(client("tcp:host=example.org:port=7777") == client("tcp:example.org:7777"));
  CHECK(client("tcp:port=7777:host=example.org") == client("tcp:example.org:7777"));
  CHECK(client("unix:path=/tmp/a.sock") == client("unix:/tmp/a.sock"));
}

TEST_CASE("a backslash makes the next character plain") {
  CHECK(server(R"(unix:/tmp/a\:b.sock)").path == "/tmp/a:b.sock");
  CHECK(server(R"(unix:/tmp/a\=b)").path == "/tmp/a=b");
  CHECK(server(R"(unix:/tmp/a\\b)").path == R"(/tmp/a\b)");
  SUBCASE("and '=' is plain after an option's first '='") {
    Endpoint e = server(R"(unix:path=/tmp/a=b:backlog=1\0)");
    CHECK(e.path == "/tmp/a=b");
    CHECK(e.backlog == 10);
  }
  CHECK(server(R"(unix:\[x])").path == "[x]");
}

// ---- Errors --------------------------------------------------------------------------------

TEST_CASE("a string that is not an endpoint says what an endpoint looks like") {
  CHECK(serverError("") == "empty endpoint (expected something like 'tcp:7777')");
  CHECK(clientError("") == "empty endpoint (expected something like 'tcp:example.org:7777')");
  CHECK(serverError("foo:80") ==
        "foo:80: unknown endpoint type 'foo' (expected tcp, tcp6, unix, udp, udp6, enet)");
  CHECK(clientError("foo:80") ==
        "foo:80: unknown endpoint type 'foo' (expected tcp, tcp6, unix, udp, udp6, enet)");
  CHECK(serverError(":7777") ==
        ":7777: missing endpoint type (expected tcp, tcp6, unix, udp, udp6, enet)");
  CHECK(serverError("port=7777") ==
        "port=7777: unknown endpoint type 'port=7777' (expected tcp, tcp6, unix, udp, udp6, enet)");
}

TEST_CASE("an address without its type gets a suggestion when adding tcp: would work") {
  CHECK(serverError("7777") ==
        "7777: unknown endpoint type '7777' (expected tcp, tcp6, unix, udp, udp6, enet; did you mean "
        "'tcp:7777'?)");
  CHECK(clientError("10.0.0.5:7777") ==
        "10.0.0.5:7777: unknown endpoint type '10.0.0.5' (expected tcp, tcp6, unix, udp, udp6, enet; "
        "did you mean 'tcp:10.0.0.5:7777'?)");
  CHECK(serverError("10.0.0.5:7777") ==
        "10.0.0.5:7777: unknown endpoint type '10.0.0.5' (expected tcp, tcp6, unix, udp, udp6, enet)");
}

TEST_CASE("a missing or surplus field is reported with the form the kind takes") {
  CHECK(serverError("tcp") == "tcp: missing port (tcp servers take tcp:PORT)");
  CHECK(serverError("tcp:") == "tcp:: missing port (tcp servers take tcp:PORT)");
  CHECK(clientError("tcp:example.org") ==
        "tcp:example.org: missing port (tcp clients take tcp:HOST:PORT)");
  CHECK(clientError("tcp:77x7") == "tcp:77x7: missing port (tcp clients take tcp:HOST:PORT)");
  CHECK(serverError("unix") == "unix: missing path (unix servers take unix:PATH)");
  CHECK(serverError("tcp:7777:junk") ==
        "tcp:7777:junk: unexpected 'junk' (tcp servers take tcp:PORT)");
  CHECK(serverError("tcp:example.org:7777") ==
        "tcp:example.org:7777: unexpected '7777' (tcp servers take tcp:PORT)");
  CHECK(serverError("tcp:7777::backlog=5") ==
        "tcp:7777::backlog=5: unexpected ':' (tcp servers take tcp:PORT)");
  CHECK(serverError("tcp:7777:") == "tcp:7777:: unexpected ':' at the end");
  CHECK(
      clientError("unix:/tmp/a:b.sock") ==
      R"(unix:/tmp/a:b.sock: unexpected 'b.sock' (unix clients take unix:PATH; write '\:' for a ':' in a path))");
}

TEST_CASE("a port must be a number in range") {
  CHECK(serverError("tcp:77x7") == "tcp:77x7: port '77x7' is not a number");
  CHECK(serverError("tcp:-1") == "tcp:-1: port '-1' is not a number");
  CHECK(serverError("tcp:+80") == "tcp:+80: port '+80' is not a number");
  CHECK(serverError("tcp: 80") == "tcp: 80: port ' 80' is not a number");
  CHECK(serverError("tcp:70000") == "tcp:70000: port 70000 is out of range (0-65535)");
  CHECK(clientError("tcp:h:70000") == "tcp:h:70000: port 70000 is out of range (1-65535)");
  CHECK(serverError("tcp:99999999999999999999") ==
        "tcp:99999999999999999999: port 99999999999999999999 is out of range (0-65535)");
}

TEST_CASE("a client host must be a numeric address or a valid host name") {
  CHECK(clientError("tcp::7777") ==
        "tcp::7777: missing host (IPv6 addresses go in brackets: [::1])");
  CHECK(clientError("tcp:exa mple:80") ==
        "tcp:exa mple:80: host 'exa mple' is not a valid host name");
  CHECK(clientError("tcp:-bad-:80") == "tcp:-bad-:80: host '-bad-' is not a valid host name");
  CHECK(clientError("tcp:7777:80") == "tcp:7777:80: host '7777' is not a valid host name");
  CHECK(clientError("tcp:999.1.1.1:80") ==
        "tcp:999.1.1.1:80: host '999.1.1.1' is not a valid IPv4 address");
  CHECK(clientError("tcp:[localhost]:80") ==
        "tcp:[localhost]:80: host '[localhost]': only an IPv6 address goes in brackets");
  CHECK(clientError("tcp:[127.0.0.1]:80") ==
        "tcp:[127.0.0.1]:80: host '[127.0.0.1]': only an IPv6 address goes in brackets");
  CHECK(clientError("tcp:[::1]x:80") ==
        "tcp:[::1]x:80: host '[::1]x': only an IPv6 address goes in brackets");
  CHECK(clientError("tcp:[::1:80") == "tcp:[::1:80: '[::1:80' is missing its closing ']'");
}

TEST_CASE("an unbracketed IPv6 interface is caught at the empty field it leaves") {
  CHECK(serverError("tcp:7777:interface=::1") ==
        "tcp:7777:interface=::1: missing interface (IPv6 addresses go in brackets: [::1])");
}

TEST_CASE("an option must be one the kind takes in that role, given once") {
  CHECK(serverError("tcp:7777:colour=red") ==
        "tcp:7777:colour=red: unknown option 'colour' (tcp servers take: interface, backlog)");
  CHECK(clientError("tcp:h:1:colour=red") ==
        "tcp:h:1:colour=red: unknown option 'colour' (tcp clients take: timeout)");
  CHECK(serverError("tcp:7777:timeout=5") ==
        "tcp:7777:timeout=5: option 'timeout' is for tcp clients (tcp servers take: interface, "
        "backlog)");
  CHECK(clientError("tcp:h:1:backlog=5") ==
        "tcp:h:1:backlog=5: option 'backlog' is for tcp servers (tcp clients take: timeout)");
  CHECK(clientError("udp:h:1:timeout=5") ==
        "udp:h:1:timeout=5: unknown option 'timeout' (udp clients take no options)");
  CHECK(serverError("udp:1:backlog=5") ==
        "udp:1:backlog=5: unknown option 'backlog' (udp servers take: interface)");
  CHECK(serverError("tcp:7777:=5") ==
        "tcp:7777:=5: option '=5' has no name (tcp servers take: interface, backlog)");
  CHECK(serverError("tcp:7777:backlog=1:backlog=2") ==
        "tcp:7777:backlog=1:backlog=2: 'backlog' is given twice");
  CHECK(serverError("tcp:7777:port=7778") == "tcp:7777:port=7778: 'port' is given twice");
  CHECK(serverError("tcp:7777:backlog=") ==
        "tcp:7777:backlog=: missing backlog (tcp servers take tcp:PORT)");
}

TEST_CASE("a backlog is a number from 1 to 65535") {
  CHECK(serverError("tcp:1:backlog=0") == "tcp:1:backlog=0: backlog 0 is out of range (1-65535)");
  CHECK(serverError("tcp:1:backlog=lots") == "tcp:1:backlog=lots: backlog 'lots' is not a number");
}

TEST_CASE("a timeout is more than 0 and at most a day") {
  CHECK(clientError("tcp:h:1:timeout=-1") ==
        "tcp:h:1:timeout=-1: timeout '-1' must be more than 0 seconds");
  CHECK(clientError("tcp:h:1:timeout=0") ==
        "tcp:h:1:timeout=0: timeout '0' must be more than 0 seconds");
  CHECK(clientError("tcp:h:1:timeout=0.0000000001") ==
        "tcp:h:1:timeout=0.0000000001: timeout '0.0000000001' must be more than 0 seconds");
  CHECK(clientError("tcp:h:1:timeout=86400.000000001") ==
        "tcp:h:1:timeout=86400.000000001: timeout '86400.000000001' must be at most 86400 seconds");
  CHECK(clientError("tcp:h:1:timeout=1e99") ==
        "tcp:h:1:timeout=1e99: timeout '1e99' is not a number of seconds");
  CHECK(clientError("tcp:h:1:timeout=5.") ==
        "tcp:h:1:timeout=5.: timeout '5.' is not a number of seconds");
  CHECK(clientError("tcp:h:1:timeout=99999999999999999999999") ==
        "tcp:h:1:timeout=99999999999999999999999: timeout '99999999999999999999999' must be at "
        "most 86400 seconds");
}

TEST_CASE("a unix path must fit in sockaddr_un") {
  std::string longest = "/" + std::string(sizeof(sockaddr_un::sun_path) - 2, 'x');
  CHECK(server("unix:" + longest).path == longest);
  std::string tooLong = longest + "x";
  CHECK(serverError("unix:" + tooLong) ==
        "unix:" + tooLong + ": Unix socket path '" + tooLong + "' is longer than 107 bytes");
  CHECK(clientError(std::string("unix:/tmp/a\0b", 13)) ==
        R"(unix:/tmp/a\x00b: path '/tmp/a\x00b' contains a NUL byte)");
}

TEST_CASE("a lone backslash at the end is refused") {
  CHECK(serverError(R"(unix:/tmp/a\)") ==
        R"(unix:/tmp/a\: ends in a lone '\' (write '\\' for a backslash))");
}

TEST_CASE("an error message stays one line whatever the input holds") {
  CHECK(serverError("fo\no:80") ==
        R"(fo\x0ao:80: unknown endpoint type 'fo\x0ao' (expected tcp, tcp6, unix, udp, udp6, enet))");
  CHECK(clientError("tcp:h:1\r") == R"(tcp:h:1\x0d: port '1\x0d' is not a number)");
}

// ---- The canonical form --------------------------------------------------------------------

TEST_CASE("toString prints the canonical form, which parses back to an equal endpoint") {
  struct Case {
    Role role;
    std::string_view input;
    std::string_view canonical;
  };
  const Case cases[] = {
      {Role::Server, "tcp:7777", "tcp:7777"},
      {Role::Server, "tcp:0", "tcp:0"},
      {Role::Server, "tcp:port=07777:interface=0.0.0.0:backlog=128", "tcp:7777"},
      {Role::Server, "tcp:7777:backlog=50:interface=127.0.0.1",
       "tcp:7777:interface=127.0.0.1:backlog=50"},
      {Role::Server, "tcp:7777:interface=[::]", "tcp6:7777"},
      {Role::Server, R"(tcp:7777:interface=\:\:1)", "tcp6:7777:interface=[::1]"},
      {Role::Server, "tcp6:7777:interface=[::FFFF:127.0.0.1]",
       "tcp6:7777:interface=[::ffff:127.0.0.1]"},
      {Role::Server, R"(unix:/tmp/a\:b\=c\\d.sock:backlog=5)",
       R"(unix:/tmp/a\:b\=c\\d.sock:backlog=5)"},
      {Role::Server, "unix:[a:b]", R"(unix:\[a\:b])"},
      {Role::Server, "udp:9000:interface=10.0.0.1", "udp:9000:interface=10.0.0.1"},
      {Role::Server, "udp6:9000", "udp6:9000"},
      {Role::Client, "tcp:7777", "tcp:127.0.0.1:7777"},
      {Role::Client, "tcp:host=example.org:port=7777:timeout=30", "tcp:example.org:7777"},
      {Role::Client, "tcp:example.org:7777:timeout=1.50", "tcp:example.org:7777:timeout=1.5"},
      {Role::Client, "tcp:[::1]:7777", "tcp6:[::1]:7777"},
      {Role::Client, "tcp6:7777:timeout=.000000001", "tcp6:[::1]:7777:timeout=0.000000001"},
      {Role::Client, "tcp6:example.org:7777", "tcp6:example.org:7777"},
      {Role::Client, "unix:/tmp/chat.sock:timeout=86400", "unix:/tmp/chat.sock:timeout=86400"},
      {Role::Client, "udp:10.0.0.5:9000", "udp:10.0.0.5:9000"},
      {Role::Client, "udp6:9000", "udp6:[::1]:9000"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    Endpoint parsed = c.role == Role::Server ? server(c.input) : client(c.input);
    CHECK(parsed.toString() == c.canonical);
    Endpoint again = c.role == Role::Server ? server(c.canonical) : client(c.canonical);
    CHECK(again == parsed);
    CHECK(again.toString() == c.canonical);
  }
}

TEST_CASE("a default Endpoint is a tcp server on a port the OS picks") {
  CHECK(Endpoint{} == server("tcp:0"));
  CHECK(Endpoint{}.toString() == "tcp:0");
}

TEST_CASE("endpoints differing in any field compare unequal") {
  CHECK_FALSE(server("tcp:7777") == server("tcp:7778"));
  CHECK_FALSE(server("tcp:7777") == server("tcp6:7777"));
  CHECK_FALSE(server("tcp:7777") == server("udp:7777"));
  CHECK_FALSE(client("tcp:h:1") == client("tcp:h:1:timeout=2"));
  CHECK_FALSE(client("tcp:h:1") == client("tcp6:h:1"));
  CHECK_FALSE(server("unix:/a") == client("unix:/a"));
}

TEST_CASE("enet endpoints: a server with channels, peers and bandwidth, a client with a host") {
  const Endpoint plain = server("enet:7777");
  CHECK(plain.kind == &kEnetKind);
  CHECK(plain.host == "0.0.0.0");
  CHECK(enetOptions(plain).channels == EnetOptions::kDefaultChannels);
  CHECK(enetOptions(plain).peers == EnetOptions::kDefaultPeers);
  CHECK(enetOptions(plain).bandwidthIn == 0);
  CHECK(enetOptions(plain).batch == weft::net::Duration::zero());
  CHECK(plain.toString() == "enet:7777");

  const Endpoint tuned =
      server("enet:7777:interface=127.0.0.1:channels=3:peers=16:in=65536:out=32768:batch=0.016");
  CHECK(tuned.host == "127.0.0.1");
  CHECK(enetOptions(tuned).batch == std::chrono::milliseconds(16));
  CHECK(tuned.toString() ==
        "enet:7777:interface=127.0.0.1:channels=3:peers=16:in=65536:out=32768:batch=0.016");
  CHECK(enetOptions(tuned).channels == 3);
  CHECK(enetOptions(tuned).peers == 16);
  CHECK(enetOptions(tuned).bandwidthIn == 65536);
  CHECK(enetOptions(tuned).bandwidthOut == 32768);
  CHECK(server(tuned.toString()) == tuned);

  const Endpoint remote = client("enet:game.example.org:7777:timeout=5:channels=2");
  CHECK(remote.kind == &kEnetKind);
  CHECK(remote.host == "game.example.org");
  CHECK(remote.family == Family::IPv4);  // a name resolves to IPv4 only: ENet has no IPv6
  CHECK(enetOptions(remote).channels == 2);
  CHECK(client("enet:7777").host == "127.0.0.1");
  CHECK(client(remote.toString()) == remote);
}

TEST_CASE("an enet endpoint made by hand holds ENet's defaults, as a parsed one does") {
  Endpoint byHand;
  byHand.kind = &kEnetKind;
  CHECK(enetOptions(byHand) == EnetOptions{});
  CHECK(byHand == server("enet:0"));
  CHECK(byHand.toString() == "enet:0");
}

TEST_CASE("enet endpoints refuse what ENet cannot do, naming the bad part") {
  CHECK(serverError("enet:7777:interface=[::1]") ==
        "enet:7777:interface=[::1]: interface '[::1]' is not an IPv4 address (ENet speaks IPv4 only)");
  CHECK(clientError("enet:[::1]:7777") ==
        "enet:[::1]:7777: host '[::1]' is not an IPv4 address (ENet speaks IPv4 only)");
  CHECK(serverError("enet:7777:channels=0") == "enet:7777:channels=0: channels 0 is out of range (1-255)");
  CHECK(serverError("enet:7777:peers=5000") == "enet:7777:peers=5000: peers 5000 is out of range (1-4094)");
  CHECK(serverError("enet:7777:in=fast") ==
        "enet:7777:in=fast: in 'fast' is not a number of bytes per second");
  CHECK(clientError("enet:host:7777:peers=4").find("peers") != std::string::npos);
  CHECK(serverError("enet:7777:batch=soon") == "enet:7777:batch=soon: batch 'soon' is not a number of seconds");
  CHECK(serverError("enet:7777:batch=-0.01") ==
        "enet:7777:batch=-0.01: batch '-0.01' must be 0 seconds or more");
  CHECK(serverError("enet:7777:batch=2") == "enet:7777:batch=2: batch '2' must be at most 1 second");
  // Batching is how a server serves its peers; a client's one peer has nothing to batch with.
  CHECK(clientError("enet:host:7777:batch=0.01").find("batch") != std::string::npos);
}
