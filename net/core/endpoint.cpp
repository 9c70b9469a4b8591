#include "net/core/endpoint.h"

// Placeholder until the endpoint parser lands (see tests/net/core/endpoint_test.cpp).
namespace weft::net {

std::string Endpoint::toString() const { return {}; }
Result<Endpoint> parseServerEndpoint(std::string_view) { return Error{"not implemented yet"}; }
Result<Endpoint> parseClientEndpoint(std::string_view) { return Error{"not implemented yet"}; }

}  // namespace weft::net
