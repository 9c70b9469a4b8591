#include "net/udp/udp_endpoint.h"

#include "net/core/detail/endpoint_transport.h"
#include "net/core/endpoint_kind.h"

namespace weft::net {

namespace {

using namespace endpoint_fields;

constexpr detail::EndpointTransport kUdpTransport{
    nullptr, "UDP endpoints listen with listenUdp", nullptr,
    "UDP carries datagrams, not a connection; use tcp:, enet: or unix:"};

}  // namespace

constexpr EndpointKind kUdpKind{"udp",
                                "udp6",
                                EndpointAddressing::Ip,
                                {},
                                {{&kPort}, {&kInterface}},
                                {{&kHost, &kPort}, {}},
                                &kUdpTransport};

}  // namespace weft::net
