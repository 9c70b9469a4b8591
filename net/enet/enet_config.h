// EnetConfig: how a reactor's ENet hosts are serviced — events per pump and the service tick —
// given to the reactor with its other settings: ReactorConfig::transports.set(EnetConfig{...}).
// Tests: tests/net/enet/enet_batch_test.cpp, tests/net/enet/enet_connect_test.cpp
#pragma once

#include <chrono>

#include "net/core/clock.h"
#include "net/enet/enet_handshake_limits.h"

namespace weft::net {

struct EnetConfig {
  // Per ENet host per pump (ENet's own receive batch): a flooded host leaves the rest for the
  // next pump instead of eating the frame. At least 1.
  int eventsPerPump = 256;
  // How often a host with peers is serviced for ENet's resends, pings and timeouts when its
  // socket is quiet; a host without peers is never woken. Above zero.
  Duration serviceInterval = std::chrono::milliseconds(10);
  // Server hosts: the handshakes in progress they keep, and for how long.
  EnetHandshakeLimits handshakes{};
};

}  // namespace weft::net
