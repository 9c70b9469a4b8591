// Protocol: one end of one connection — connectionMade, dataReceived, connectionLost — the
// class every weft service derives from (Twisted's Protocol). Owned by its connection.
// Tests: tests/net/core/stream_connection_test.cpp
#pragma once

#include <string_view>

#include "net/core/assert.h"
#include "net/core/reason.h"
#include "net/core/transport.h"

namespace weft::net {

class Protocol {
 public:
  virtual ~Protocol() = default;

  // The connection is ready: transport() is valid from here until connectionLost returns.
  virtual void connectionMade() {}
  // Bytes arrived; they may split or join the peer's writes anywhere.
  virtual void dataReceived(std::string_view data) { (void)data; }
  // The connection is gone (for `reason`); called exactly once for every connectionMade.
  virtual void connectionLost(const Reason& reason) { (void)reason; }

  Transport& transport() const {
    WEFT_ASSERT(transport_ != nullptr,
                "Protocol::transport() used outside the connection; it is valid from "
                "connectionMade until connectionLost returns");
    return *transport_;
  }
  bool connected() const { return transport_ != nullptr; }

  // For transports: attach `transport`, then call connectionMade.
  void makeConnection(Transport& transport) {
    WEFT_ASSERT(transport_ == nullptr, "Protocol::makeConnection on a connected protocol");
    transport_ = &transport;
    connectionMade();
  }
  // For transports: call connectionLost(reason), then detach. Safe to call once only.
  void notifyConnectionLost(const Reason& reason) {
    if (transport_ == nullptr) return;
    connectionLost(reason);
    transport_ = nullptr;
  }

 private:
  Transport* transport_ = nullptr;
};

}  // namespace weft::net
