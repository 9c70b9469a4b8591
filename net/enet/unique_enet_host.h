// UniqueEnetHost: an ENetHost owned together with what must outlive it — the ENet library, and
// the ledger of bytes its packets point into — so their lifetime contract holds by construction
// rather than by the order of some owner's members. Internal.
// Tests: tests/net/enet/unique_enet_host_test.cpp, tests/net/enet/enet_connect_test.cpp
#pragma once

#include <enet/enet.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "net/core/result.h"
#include "net/enet/enet_library.h"

namespace weft::net::detail {

// The bytes of each peer slot's packets that ENet still holds (queued, or sent and not yet
// acknowledged): what EnetConnection::bufferedBytes reports and its producer is paused by.
//
// The lifetime contract: a tracked packet points into the ledger (ENetPacket::userData) and
// counts itself down from ENet's free callback, which can run long after its connection is
// gone — when the last acknowledgement of a graceful disconnect arrives, or inside
// enet_host_destroy. So the ledger must outlive every packet of its host, which is what
// UniqueEnetHost guarantees: it destroys the host, and with it every packet, before the ledger.
class EnetPacketLedger {
 public:
  explicit EnetPacketLedger(std::size_t slots) : held_(std::make_unique<std::size_t[]>(slots)) {}

  std::size_t held(std::size_t slot) const { return held_[slot]; }
  // Counts `packet`'s bytes against `slot` until ENet frees the packet. Call before ENet owns it.
  void track(ENetPacket* packet, std::size_t slot) {
    held_[slot] += packet->dataLength;
    packet->userData = &held_[slot];
    packet->freeCallback = released;
  }

 private:
  static void released(ENetPacket* packet) {
    *static_cast<std::size_t*>(packet->userData) -= packet->dataLength;
  }

  std::unique_ptr<std::size_t[]> held_;  // moves without moving the counts packets point at
};

// What an ENet host is created with (enet_host_create's arguments).
struct EnetHostSettings {
  std::size_t peers = 1;  // ENet peer slots
  std::size_t channels = 1;
  std::uint32_t bandwidthIn = 0;  // bytes/s; 0: unlimited
  std::uint32_t bandwidthOut = 0;
};

class UniqueEnetHost {
 public:
  // A host bound to `bind` (null: an ephemeral client socket), with a ledger slot per peer. The
  // error names the cause: "address already in use (is another server listening on UDP port
  // 7777?)".
  static Result<UniqueEnetHost> create(const ENetAddress* bind, const EnetHostSettings& settings);

  UniqueEnetHost(UniqueEnetHost&& other) noexcept;
  UniqueEnetHost& operator=(UniqueEnetHost&&) = delete;
  UniqueEnetHost(const UniqueEnetHost&) = delete;
  UniqueEnetHost& operator=(const UniqueEnetHost&) = delete;
  // enet_host_destroy first (its packets' callbacks still find the ledger); the ledger and the
  // library go after it, as members do after the destructor's body.
  ~UniqueEnetHost();

  ENetHost* get() const { return host_; }
  ENetHost* operator->() const { return host_; }
  EnetPacketLedger& ledger() { return ledger_; }
  const EnetPacketLedger& ledger() const { return ledger_; }
  // `peer`'s index among the host's peers: its slot in the ledger.
  std::size_t slotOf(const ENetPeer* peer) const {
    return static_cast<std::size_t>(peer - host_->peers);
  }

 private:
  UniqueEnetHost(EnetLibrary library, ENetHost* host);

  EnetLibrary library_;  // keeps ENet initialized while the host lives
  EnetPacketLedger ledger_;
  ENetHost* host_;  // null once moved from
};

}  // namespace weft::net::detail
