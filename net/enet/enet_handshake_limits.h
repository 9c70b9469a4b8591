// EnetHandshakeLimits: how an ENet server bounds the handshakes in progress (peers that sent
// ENet's CONNECT and have not yet acknowledged its answer), so CONNECTs forged from spoofed
// addresses, which never complete, cannot take the slots real clients connect through.
// Part of EnetConfig. Tests: tests/net/enet/enet_handshake_test.cpp,
// tests/net/enet/enet_handshake_guard_test.cpp
#pragma once

#include <chrono>
#include <cstddef>

#include "net/core/clock.h"

namespace weft::net {

struct EnetHandshakeLimits {
  // Handshakes at once. A server has this many ENet peer slots beyond its peers= (ENet's 4095
  // slots in all at most), so handshakes never take a connection's place; a CONNECT past the
  // limit pushes out the oldest handshake, without a word. A real client completes within one
  // round trip of ENet's answer (for a game, by its next frame), so it gets in while fewer than
  // this many CONNECTs arrive meanwhile: 512 in 17 ms is a flood of 30,000 a second against a
  // 60 Hz client (README.md has the measured figures). A slot is half a kilobyte, and costs
  // ENet's services nothing while no handshake uses it. At least 1.
  std::size_t maxInProgress = 512;
  // Handshakes at once from one IP address: a CONNECT past it is left unanswered (its sender
  // resends it, half a second later at first), so one address flooding without spoofing leaves
  // the others most of the handshakes, while the clients of one machine (a LAN's bots, tests
  // on 127.0.0.1) still connect together. At least 1.
  std::size_t maxPerAddress = 128;
  // A handshake not completed by then is dropped (a LAN handshake takes a round trip, well under
  // a millisecond): without a word if the client had no answer yet, so its resent CONNECT
  // starts a new one; with a TimedOut disconnect if it had, since it then believes it is
  // connected. Above zero.
  Duration timeout = std::chrono::seconds(2);

  friend bool operator==(const EnetHandshakeLimits&, const EnetHandshakeLimits&) = default;
};

}  // namespace weft::net
