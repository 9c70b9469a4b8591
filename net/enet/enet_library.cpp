#include "net/enet/enet_library.h"

#include <enet/enet.h>

#include <mutex>

namespace weft::net::detail {

namespace {
// Reactors may live on different threads, so the count is shared under a lock.
std::mutex libraryMutex;
int libraryHolders = 0;
}  // namespace

Result<EnetLibrary> EnetLibrary::acquire() {
  std::lock_guard lock(libraryMutex);
  if (libraryHolders == 0 && enet_initialize() != 0) {
    return Error{"ENet could not be initialized (enet_initialize failed)"};
  }
  ++libraryHolders;
  EnetLibrary library;
  library.held_ = true;
  return library;
}

EnetLibrary& EnetLibrary::operator=(EnetLibrary&& other) noexcept {
  if (this != &other) {
    EnetLibrary old(std::move(*this));
    held_ = other.held_;
    other.held_ = false;
  }
  return *this;
}

EnetLibrary::~EnetLibrary() {
  if (!held_) return;
  std::lock_guard lock(libraryMutex);
  if (--libraryHolders == 0) enet_deinitialize();
}

}  // namespace weft::net::detail
