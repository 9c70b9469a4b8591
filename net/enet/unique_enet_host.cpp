#include "net/enet/unique_enet_host.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "net/core/str_cat.h"
#include "net/enet/enet_address.h"

namespace weft::net::detail {

Result<UniqueEnetHost> UniqueEnetHost::create(const ENetAddress* bind,
                                              const EnetHostSettings& settings) {
  auto library = EnetLibrary::acquire();
  if (!library) return library.error();
  ENetHost* host = enet_host_create(bind, settings.peers, settings.channels, settings.bandwidthIn,
                                    settings.bandwidthOut);
  if (host == nullptr) {
    const int error = errno;
    if (bind == nullptr) return Error{strCat("cannot create an ENet host: ", std::strerror(error))};
    if (error == EADDRINUSE) {
      return Error{strCat("address already in use (is another server listening on UDP port ",
                          bind->port, "?)")};
    }
    return Error{strCat("cannot bind ", toAddress(*bind).toString(), ": ", std::strerror(error))};
  }
  return UniqueEnetHost(std::move(*library), host);
}

UniqueEnetHost::UniqueEnetHost(EnetLibrary library, ENetHost* host)
    : library_(std::move(library)), ledger_(host->peerCount), host_(host) {}

UniqueEnetHost::UniqueEnetHost(UniqueEnetHost&& other) noexcept
    : library_(std::move(other.library_)),
      ledger_(std::move(other.ledger_)),
      host_(std::exchange(other.host_, nullptr)) {}

UniqueEnetHost::~UniqueEnetHost() {
  if (host_ != nullptr) enet_host_destroy(host_);
}

}  // namespace weft::net::detail
