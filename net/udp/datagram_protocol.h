// DatagramProtocol: a UDP endpoint's behaviour (Twisted's DatagramProtocol) — datagrams in with
// their sender, datagrams out to any address — and the DatagramTransport it writes to.
// Tests: tests/net/udp/udp_port_test.cpp
#pragma once

#include <string_view>

#include "net/core/address.h"
#include "net/core/assert.h"

namespace weft::net {

// UDP is best effort, and so is this: write() never blocks and never buffers; a datagram the
// socket cannot take right now is dropped and counted, as the network itself might drop it.
class DatagramTransport {
 public:
  virtual ~DatagramTransport() = default;
  virtual void write(std::string_view datagram, const Address& to) = 0;
  // To the address given to connect().
  virtual void write(std::string_view datagram) = 0;
  // Fixes the peer: write(datagram) goes there, only its datagrams are received, and ICMP
  // "port unreachable" comes back as connectionRefused().
  virtual void connect(const Address& peer) = 0;
  virtual Address host() const = 0;
  // Allows sending to broadcast addresses (LAN discovery).
  virtual void setBroadcast(bool enabled) = 0;
};

class DatagramProtocol {
 public:
  virtual ~DatagramProtocol() = default;

  // Listening has started; transport() is valid until stopProtocol returns.
  virtual void startProtocol() {}
  virtual void stopProtocol() {}
  // One datagram; `data` is valid only during the call.
  virtual void datagramReceived(std::string_view data, const Address& from) = 0;
  // A datagram sent to the connected peer was refused (nothing listens there).
  virtual void connectionRefused() {}

  DatagramTransport& transport() const {
    WEFT_ASSERT(transport_ != nullptr,
                "DatagramProtocol::transport() used outside startProtocol..stopProtocol");
    return *transport_;
  }

  // For the reactor's UDP ports.
  void makeConnection(DatagramTransport& transport) {
    transport_ = &transport;
    startProtocol();
  }
  void loseConnection() {
    if (transport_ == nullptr) return;
    stopProtocol();
    transport_ = nullptr;
  }

 private:
  DatagramTransport* transport_ = nullptr;
};

}  // namespace weft::net
