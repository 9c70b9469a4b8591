#include "net/endpoints/builtin_endpoints.h"

#include "net/enet/enet_endpoint.h"
#include "net/udp/udp_endpoint.h"

namespace weft::net {

namespace {
// Constant pointers to constants: no registration, nothing to initialise at start-up, and the
// linker keeps every kind because this table names it.
constexpr const EndpointKind* kBuiltinKinds[] = {&kTcpKind, &kUnixKind, &kUdpKind, &kEnetKind};
}  // namespace

EndpointKinds builtinEndpointKinds() {
  return kBuiltinKinds;
}

Result<Endpoint> parseServerEndpoint(std::string_view text) {
  return parseServerEndpoint(text, kBuiltinKinds);
}

Result<Endpoint> parseClientEndpoint(std::string_view text) {
  return parseClientEndpoint(text, kBuiltinKinds);
}

}  // namespace weft::net
