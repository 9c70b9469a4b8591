// EnetLibrary: ENet's process-wide enet_initialize / enet_deinitialize, done by whichever part of
// weft first needs ENet and undone after the last one lets go — never by weft's users.
// Tests: tests/net/enet/enet_connect_test.cpp
#pragma once

#include "net/core/result.h"

namespace weft::net::detail {

class EnetLibrary {
 public:
  // Initializes ENet if no other holder has; fails only if enet_initialize does.
  static Result<EnetLibrary> acquire();

  EnetLibrary(EnetLibrary&& other) noexcept : held_(other.held_) { other.held_ = false; }
  EnetLibrary& operator=(EnetLibrary&& other) noexcept;
  EnetLibrary(const EnetLibrary&) = delete;
  EnetLibrary& operator=(const EnetLibrary&) = delete;
  ~EnetLibrary();

 private:
  EnetLibrary() = default;
  bool held_ = false;
};

}  // namespace weft::net::detail
